// Tech-transfer cloud API: Function App (Node 20, Functions v4, Linux consumption), its storage account,
// a serverless Cosmos DB account with the database and containers (partition keys and indexing policies
// kept identical to functions/lib/repository.ts CONTAINERS), and a system-assigned managed identity
// granted the Cosmos DB Built-in Data Contributor role (data plane). No account key is handed to the app.
//
// Deploy: az deployment group create -g <rg> -f infra/main.bicep -p authIssuer=... authAudience=... authJwksUrl=...
targetScope = 'resourceGroup'

@description('Name prefix for all resources (3–11 lower-case letters or digits).')
@minLength(3)
@maxLength(11)
param prefix string = 'techxfer'

param location string = resourceGroup().location

@description('Token issuer, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0')
param authIssuer string

@description('Token audience: the API app registration, e.g. api://<client-id>')
param authAudience string

@description('JWKS URL, e.g. https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys')
param authJwksUrl string

param databaseName string = 'techtransfer'

@description('Origins allowed to call the API from a browser (CORS): where the add-in is hosted. The platform answers preflights (Authorization, Content-Type, If-Match) for these; add your production add-in host, e.g. https://addin.example.gov.cn')
param allowedOrigins array = [
  'https://localhost:3000'
]

var suffix = uniqueString(resourceGroup().id)
var storageName = toLower('${prefix}st${take(suffix, 8)}')
var cosmosName = toLower('${prefix}-cosmos-${take(suffix, 8)}')
var planName = '${prefix}-plan-${take(suffix, 8)}'
var appName = '${prefix}-func-${take(suffix, 8)}'
var insightsName = '${prefix}-ai-${take(suffix, 8)}'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: insightsName
  location: location
  kind: 'web'
  properties: { Application_Type: 'web' }
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: cosmosName
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    locations: [ { locationName: location, failoverPriority: 0, isZoneRedundant: false } ]
    capabilities: [ { name: 'EnableServerless' } ]
    disableLocalAuth: true // keys off: only Entra ID (the managed identity) reaches the data
    minimalTlsVersion: 'Tls12'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: cosmos
  name: databaseName
  properties: { resource: { id: databaseName } }
}

// Partition keys: submissions by institute (an institute's writes and reads stay in one partition),
// summaries, claims and the register by region (progress reads one partition), audit by submission.
var containers = [
  {
    name: 'submissions'
    partitionKey: '/instituteId'
    included: [ '/region/?', '/year/?', '/period/?', '/status/?', '/instituteId/?', '/createdAt/?' ]
  }
  {
    name: 'summaries'
    partitionKey: '/region'
    included: [ '/region/?', '/year/?', '/instituteId/?' ]
  }
  {
    name: 'audit'
    partitionKey: '/submissionId'
    included: [ '/submissionId/?', '/version/?' ]
  }
  {
    name: 'institutes'
    partitionKey: '/region'
    included: [ '/region/?' ]
  }
  {
    // which submissions claim a contract in a year (001 二(四) one side per deal); read by id only
    name: 'claims'
    partitionKey: '/region'
    included: []
  }
  {
    // indicator values entered by provincial staff, their audit entries and the region+year locks
    name: 'indicators'
    partitionKey: '/region'
    included: [ '/region/?', '/year/?', '/docType/?', '/valueId/?', '/version/?', '/metric/?' ]
  }
]

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [for c in containers: {
  parent: database
  name: c.name
  properties: {
    resource: {
      id: c.name
      partitionKey: { paths: [ c.partitionKey ], kind: 'Hash' }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [for p in c.included: { path: p }]
        excludedPaths: [ { path: '/*' } ]
      }
    }
  }
}]

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  sku: { name: 'Y1', tier: 'Dynamic' }
  kind: 'functionapp'
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'Node|20'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false // the token travels in the Authorization header, never in cookies
      }
      appSettings: [
        { name: 'AzureWebJobsStorage', value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};EndpointSuffix=${environment().suffixes.storage};AccountKey=${storage.listKeys().keys[0].value}' }
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'node' }
        { name: 'WEBSITE_NODE_DEFAULT_VERSION', value: '~20' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'COSMOS_ENDPOINT', value: cosmos.properties.documentEndpoint } // no COSMOS_KEY: managed identity
        { name: 'COSMOS_DATABASE', value: databaseName }
        { name: 'AUTH_ISSUER', value: authIssuer }
        { name: 'AUTH_AUDIENCE', value: authAudience }
        { name: 'AUTH_JWKS_URL', value: authJwksUrl }
        { name: 'SEED_SAMPLE_INSTITUTES', value: 'false' }
      ]
    }
  }
}

// Cosmos DB Built-in Data Contributor (data plane), scoped to the account, for the app's identity.
resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, functionApp.id, '00000000-0000-0000-0000-000000000002')
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    principalId: functionApp.identity.principalId
    scope: cosmos.id
  }
}

output functionAppName string = functionApp.name
output apiBaseUrl string = 'https://${functionApp.properties.defaultHostName}/api'
output cosmosEndpoint string = cosmos.properties.documentEndpoint
