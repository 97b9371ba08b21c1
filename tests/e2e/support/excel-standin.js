/**
 * A small, stateful stand-in for the subset of Office.js / Excel JS the task pane uses, in plain JS so
 * that the same file runs in Node (unit tests, behind office-addin-mock's OfficeMockObject) and in the
 * browser (injected before the page scripts in the e2e test, replacing the office.js CDN script).
 *
 * It keeps the proxy semantics that matter: a property is readable only after `load()` AND the next
 * `context.sync()` (reads before that throw, like PropertyNotLoaded), and it RECORDS every write
 * (`workbook.writes`: sheet, address, kind, value) so tests can check what went where.
 *
 *   const { createWorkbook, installOffice } = require("./excel-standin");
 *   const wb = createWorkbook(); installOffice(globalThis, wb);   // Office, Excel, CustomFunctions globals
 */
(function (root) {
  "use strict";

  function colToIndex(letters) {
    let n = 0;
    for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n - 1;
  }
  function indexToCol(i) {
    let s = "";
    for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  }
  /** "'Sheet'!A1:B2" → {sheet, r0, c0, r1, c1} (0-based, inclusive). */
  function parseAddress(address) {
    let sheet = null;
    let ref = String(address).replace(/^=/, "");
    const bang = ref.lastIndexOf("!");
    if (bang >= 0) {
      sheet = ref.slice(0, bang).replace(/^'|'$/g, "").replace(/''/g, "'");
      ref = ref.slice(bang + 1);
    }
    const parts = ref.replace(/\$/g, "").split(":");
    const one = (p) => {
      const m = /^([A-Z]+)?(\d+)?$/.exec(p);
      if (!m) throw new Error("stand-in: cannot parse address " + address);
      return { c: m[1] ? colToIndex(m[1]) : null, r: m[2] ? Number(m[2]) - 1 : null };
    };
    const a = one(parts[0]);
    const b = parts[1] ? one(parts[1]) : a;
    return { sheet, r0: a.r ?? 0, c0: a.c ?? 0, r1: b.r ?? 1048575, c1: b.c ?? 16383 };
  }
  const a1 = (r0, c0, r1, c1) =>
    r0 === r1 && c0 === c1 ? `${indexToCol(c0)}${r0 + 1}` : `${indexToCol(c0)}${r0 + 1}:${indexToCol(c1)}${r1 + 1}`;
  const quote = (sheet) => `'${sheet.replace(/'/g, "''")}'`;

  function createWorkbook() {
    const wb = {
      sheets: [],
      names: {},
      tables: {},
      comments: [],
      validations: [],
      conditionalFormats: [],
      writes: [],
      selection: null,
      syncs: 0,
    };
    wb.sheet = (name) => wb.sheets.find((s) => s.name === name) || null;
    wb.addSheet = (name) => {
      if (wb.sheet(name)) throw new Error(`stand-in: sheet ${name} exists`);
      const s = { name, visibility: "Visible", cells: new Map(), charts: [], position: wb.sheets.length };
      wb.sheets.push(s);
      return s;
    };
    wb.cell = (sheetName, addr) => {
      const s = wb.sheet(sheetName);
      const p = parseAddress(addr);
      return (s && s.cells.get(`${p.r0},${p.c0}`)) || null;
    };
    wb.value = (sheetName, addr) => (wb.cell(sheetName, addr) || {}).value ?? null;
    wb.formula = (sheetName, addr) => (wb.cell(sheetName, addr) || {}).formula ?? null;
    /** What a user does by typing: values into cells, a table grown to cover them. */
    wb.setValues = (sheetName, addr, values) => {
      const s = wb.sheet(sheetName);
      const p = parseAddress(addr);
      values.forEach((row, i) =>
        row.forEach((v, j) => {
          const key = `${p.r0 + i},${p.c0 + j}`;
          const cell = s.cells.get(key) || {};
          s.cells.set(key, { ...cell, value: v, formula: null });
        }),
      );
      for (const t of Object.values(wb.tables)) {
        if (t.sheet !== sheetName) continue;
        const last = p.r0 + values.length - 1;
        if (p.r0 > t.r0 && p.r0 <= t.r0 + t.rowCount + 1 && last > t.r0 + t.rowCount) t.rowCount = last - t.r0;
      }
    };
    /** Fill a table's data rows starting at its first data row (grows the table). */
    wb.fillTable = (tableName, rows) => {
      const t = wb.tables[tableName];
      wb.setValues(t.sheet, a1(t.r0 + 1, t.c0, t.r0 + 1, t.c0), rows);
      if (rows.length > t.rowCount) t.rowCount = rows.length;
    };
    wb.writesTo = (sheetName) => wb.writes.filter((w) => w.sheet === sheetName);
    return wb;
  }

  /** One RequestContext over a workbook: loads are satisfied at sync. */
  function createContext(wb) {
    let pending = [];
    const ctx = {
      workbook: null,
      sync: async () => {
        wb.syncs++;
        const now = pending;
        pending = [];
        for (const f of now) f();
      },
    };
    const later = (f) => pending.push(f);

    function proxy(fields, loaders) {
      // fields: name → getter of the current value; readable after load + sync
      const obj = {};
      const loaded = {};
      obj.load = (props) => {
        let names =
          props === undefined
            ? Object.keys(fields)
            : typeof props === "string"
              ? props.split(",").map((p) => p.trim())
              : Array.isArray(props)
                ? props
                : Object.keys(props);
        later(() => {
          for (const n of names) if (fields[n]) loaded[n] = fields[n]();
        });
        return obj;
      };
      for (const n of Object.keys(fields)) {
        Object.defineProperty(obj, n, {
          configurable: true,
          enumerable: true,
          get() {
            if (!(n in loaded)) throw new Error(`PropertyNotLoaded: ${n} (call load("${n}") and context.sync() first)`);
            return loaded[n];
          },
          set(v) {
            if (!loaders || !loaders[n]) throw new Error(`stand-in: ${n} is read-only`);
            loaders[n](v);
          },
        });
      }
      return obj;
    }

    function rangeOf(sheet, r0, c0, r1, c1) {
      const s = () => {
        const found = wb.sheet(sheet);
        if (!found) throw new Error(`ItemNotFound: sheet ${sheet}`);
        return found;
      };
      const rows = r1 - r0 + 1;
      const cols = c1 - c0 + 1;
      const address = `${quote(sheet)}!${a1(r0, c0, r1, c1)}`;
      const grid = (f) =>
        Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => f(s().cells.get(`${r0 + i},${c0 + j}`) || {}, i, j)));
      const write = (kind, value) => {
        wb.writes.push({ sheet, address: a1(r0, c0, r1, c1), kind, value });
        const at = (v, i, j) => (Array.isArray(v) ? (Array.isArray(v[i]) ? v[i][j] : v[i]) : v);
        for (let i = 0; i < rows; i++)
          for (let j = 0; j < cols; j++) {
            const key = `${r0 + i},${c0 + j}`;
            const cell = { ...(s().cells.get(key) || {}) };
            const v = at(value, i, j);
            if (kind === "values") Object.assign(cell, { value: v, formula: null });
            if (kind === "formulas") {
              if (typeof v === "string" && v.startsWith("=")) Object.assign(cell, { formula: v, value: cell.value ?? null });
              else Object.assign(cell, { value: v, formula: null });
            }
            if (kind === "numberFormat") cell.numberFormat = v;
            if (kind === "fill") cell.fill = v;
            if (kind === "bold") cell.bold = v;
            s().cells.set(key, cell);
          }
      };
      const rangeObj = proxy(
        {
          address: () => address,
          values: () => grid((c) => (c.value === undefined ? "" : (c.value ?? ""))),
          formulas: () => grid((c) => c.formula || (c.value === undefined ? "" : (c.value ?? ""))),
          numberFormat: () => grid((c) => c.numberFormat || "General"),
          rowIndex: () => r0,
          columnIndex: () => c0,
          rowCount: () => rows,
          columnCount: () => cols,
        },
        {
          values: (v) => write("values", v),
          formulas: (v) => write("formulas", v),
          numberFormat: (v) => write("numberFormat", v),
        },
      );
      const fill = {
        set color(v) {
          write("fill", v);
        },
        get color() {
          throw new Error("stand-in: fill.color is write-only here");
        },
        clear: () => write("fill", null),
      };
      rangeObj.format = {
        fill,
        font: {
          set bold(v) {
            write("bold", v);
          },
          set color(v) {
            wb.writes.push({ sheet, address: a1(r0, c0, r1, c1), kind: "fontColor", value: v });
          },
        },
        set columnWidth(v) {
          wb.writes.push({ sheet, address: a1(r0, c0, r1, c1), kind: "columnWidth", value: v });
        },
        set wrapText(v) {},
        autofitColumns: () => undefined,
      };
      rangeObj.dataValidation = {
        set rule(v) {
          wb.validations.push({ sheet, address: a1(r0, c0, r1, c1), rule: v });
        },
        clear: () => {
          wb.validations = wb.validations.filter((x) => !(x.sheet === sheet && x.address === a1(r0, c0, r1, c1)));
        },
      };
      rangeObj.conditionalFormats = {
        add: (type) => {
          const cf = { sheet, address: a1(r0, c0, r1, c1), type, colorScale: {}, dataBar: {} };
          wb.conditionalFormats.push(cf);
          return cf;
        },
        clearAll: () => {
          wb.conditionalFormats = wb.conditionalFormats.filter(
            (x) => x.sheet !== sheet || !overlaps(parseAddress(x.address), { r0, c0, r1, c1 }),
          );
        },
      };
      rangeObj.clear = (applyTo) => {
        wb.writes.push({ sheet, address: a1(r0, c0, r1, c1), kind: "clear", value: applyTo || "All" });
        for (const key of [...s().cells.keys()]) {
          const [r, c] = key.split(",").map(Number);
          if (r >= r0 && r <= r1 && c >= c0 && c <= c1) s().cells.delete(key);
        }
      };
      rangeObj.getCell = (i, j) => rangeOf(sheet, r0 + i, c0 + j, r0 + i, c0 + j);
      rangeObj.getResizedRange = (dr, dc) => rangeOf(sheet, r0, c0, r1 + dr, c1 + dc);
      rangeObj.getOffsetRange = (dr, dc) => rangeOf(sheet, r0 + dr, c0 + dc, r1 + dr, c1 + dc);
      rangeObj.select = () => {
        wb.selection = { sheet, address: a1(r0, c0, r1, c1) };
      };
      rangeObj._ref = { sheet, r0, c0, r1, c1 };
      return rangeObj;
    }
    const overlaps = (a, b) => a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;

    function tableObj(name) {
      const t = () => {
        const found = wb.tables[name];
        if (!found) throw new Error(`ItemNotFound: table ${name}`);
        return found;
      };
      const obj = proxy(
        { name: () => name, isNullObject: () => !wb.tables[name] },
        {
          name: (v) => {
            const tt = t();
            delete wb.tables[name];
            tt.name = v;
            wb.tables[v] = tt;
            name = v;
          },
        },
      );
      Object.defineProperty(obj, "style", {
        set(v) {
          t().style = v;
        },
      });
      obj.getHeaderRowRange = () => rangeOf(t().sheet, t().r0, t().c0, t().r0, t().c1);
      obj.getDataBodyRange = () => rangeOf(t().sheet, t().r0 + 1, t().c0, t().r0 + Math.max(t().rowCount, 1), t().c1);
      obj.getRange = () => rangeOf(t().sheet, t().r0, t().c0, t().r0 + Math.max(t().rowCount, 1), t().c1);
      obj.worksheet = null;
      return obj;
    }

    function chartObj(sheet, chart) {
      const obj = proxy(
        { name: () => chart.name, isNullObject: () => !chart.exists },
        {
          name: (v) => {
            chart.name = v;
          },
        },
      );
      obj.title = {
        set text(v) {
          chart.title = v;
        },
      };
      obj.setData = (range, seriesBy) => {
        chart.source = range._ref;
        chart.seriesBy = seriesBy;
        chart.updates++;
      };
      obj.setPosition = (start, end) => {
        chart.position = [start, end];
      };
      obj.delete = () => {
        const s = wb.sheet(sheet);
        s.charts = s.charts.filter((c) => c !== chart);
      };
      obj.axes = { valueAxis: { set title(v) {} } };
      return obj;
    }

    function sheetObj(name) {
      const s = () => {
        const found = wb.sheet(name);
        if (!found) throw new Error(`ItemNotFound: sheet ${name}`);
        return found;
      };
      const obj = proxy(
        { name: () => name, isNullObject: () => !wb.sheet(name), visibility: () => s().visibility },
        {
          visibility: (v) => {
            s().visibility = v;
          },
        },
      );
      obj.getRange = (address) => {
        if (!address) return rangeOf(name, 0, 0, 1048575, 16383);
        const p = parseAddress(address);
        return rangeOf(name, p.r0, p.c0, p.r1, p.c1);
      };
      obj.getRangeByIndexes = (r, c, rows, cols) => rangeOf(name, r, c, r + rows - 1, c + cols - 1);
      obj.activate = () => {
        wb.active = name;
      };
      obj.freezePanes = {
        freezeRows: (n) => {
          s().frozenRows = n;
        },
      };
      obj.tables = {
        add: (address, hasHeaders) => {
          const p = parseAddress(address);
          const tname = `Table${Object.keys(wb.tables).length + 1}`;
          wb.tables[tname] = { name: tname, sheet: name, r0: p.r0, c0: p.c0, c1: p.c1, rowCount: p.r1 - p.r0, hasHeaders };
          wb.writes.push({ sheet: name, address: a1(p.r0, p.c0, p.r1, p.c1), kind: "table", value: tname });
          return tableObj(tname);
        },
      };
      obj.charts = {
        add: (type, range, seriesBy) => {
          const chart = { name: `Chart${s().charts.length + 1}`, type, source: range._ref, seriesBy, exists: true, updates: 0 };
          s().charts.push(chart);
          return chartObj(name, chart);
        },
        getItemOrNullObject: (chartName) => {
          const chart = s().charts.find((c) => c.name === chartName) || { name: chartName, exists: false };
          return chartObj(name, chart);
        },
      };
      obj.delete = () => {
        wb.sheets = wb.sheets.filter((x) => x.name !== name);
      };
      return obj;
    }

    ctx.workbook = {
      worksheets: {
        getItemOrNullObject: (name) => sheetObj(name),
        getItem: (name) => {
          if (!wb.sheet(name)) throw new Error(`ItemNotFound: sheet ${name}`);
          return sheetObj(name);
        },
        add: (name) => {
          wb.addSheet(name);
          return sheetObj(name);
        },
        getActiveWorksheet: () => sheetObj(wb.active || wb.sheets[0].name),
      },
      tables: {
        getItemOrNullObject: (name) => tableObj(name),
        getItem: (name) => {
          if (!wb.tables[name]) throw new Error(`ItemNotFound: table ${name}`);
          return tableObj(name);
        },
      },
      names: {
        add: (name, reference, comment) => {
          if (wb.names[name]) throw new Error(`ItemAlreadyExists: name ${name}`);
          const formula =
            typeof reference === "string"
              ? reference
              : `=${quote(reference._ref.sheet)}!${a1(reference._ref.r0, reference._ref.c0, reference._ref.r1, reference._ref.c1).replace(/([A-Z]+)(\d+)/g, "$$$1$$$2")}`;
          wb.names[name] = { name, formula, comment };
          return proxy({ name: () => name, formula: () => formula }, {});
        },
        getItemOrNullObject: (name) => {
          const obj = proxy({ isNullObject: () => !wb.names[name], formula: () => (wb.names[name] || {}).formula }, {});
          obj.delete = () => {
            delete wb.names[name];
          };
          return obj;
        },
      },
      comments: {
        add: (cellAddress, content) => {
          const p = parseAddress(cellAddress);
          const entry = { sheet: p.sheet, cell: a1(p.r0, p.c0, p.r0, p.c0), content };
          wb.comments.push(entry);
          return proxy({ content: () => content }, {});
        },
        getItemByCell: (cellAddress) => {
          const p = parseAddress(cellAddress);
          const cell = a1(p.r0, p.c0, p.r0, p.c0);
          return {
            delete: () => {
              const before = wb.comments.length;
              wb.comments = wb.comments.filter((c) => !(c.sheet === p.sheet && c.cell === cell));
              if (before === wb.comments.length) throw new Error(`ItemNotFound: comment at ${cellAddress}`);
            },
          };
        },
      },
      getSelectedRange: () => {
        const sel = wb.selection || { sheet: wb.sheets[0].name, address: "A1" };
        const p = parseAddress(sel.address);
        return rangeOf(sel.sheet, p.r0, p.c0, p.r1, p.c1);
      },
    };
    return ctx;
  }

  /** Installs Office / Excel / CustomFunctions / OfficeRuntime globals that run against `wb`. */
  function installOffice(target, wb, opts) {
    const o = opts || {};
    target.__excel = wb;
    target.Excel = { run: async (batch) => batch(createContext(wb)) };
    const context = { displayLanguage: o.displayLanguage || "zh-CN", requirements: { isSetSupported: () => true }, document: {} };
    target.Office = {
      context,
      HostType: { Excel: "Excel" },
      onReady: (cb) => {
        const info = { host: "Excel", platform: "PC" };
        if (cb) setTimeout(() => cb(info), 0);
        return Promise.resolve(info);
      },
      actions: { associate: () => undefined },
    };
    target.CustomFunctions = {
      associate: () => undefined,
      Error: class extends Error {},
      ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" },
    };
    return target;
  }

  const api = { createWorkbook, createContext, installOffice, parseAddress, indexToCol };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (root && typeof root === "object" && root.window === root) {
    root.__excelStandin = api;
    installOffice(root, createWorkbook());
  }
})(typeof window !== "undefined" ? window : globalThis);
