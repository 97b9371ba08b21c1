/** The request schema of POST /api/progress/batch (see ../progress-batch.ts for the shapes). */
import { z } from "zod";
import { MAX_BATCH_PAIRS } from "../progress-batch";

export const progressBatchRequest = z
  .object({
    requests: z
      .array(z.object({ region: z.unknown(), year: z.unknown() }))
      .min(1)
      .max(MAX_BATCH_PAIRS)
      .meta({ description: `Distinct (region, year) pairs, at most ${MAX_BATCH_PAIRS}` }),
  })
  .meta({ description: "Live actuals for several (region, year) pairs" });
