// The run config of `t2 train` (configs/quickstart.yaml): which data, model, training and ensemble.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

export const RunConfigSchema = z
  .object({
    name: z.string().min(1),
    data: z.string().min(1).describe("data config (configs/data/*.yaml)"),
    synth: z
      .object({ factors: z.number().int().min(2), start: z.string(), end: z.string(), seed: z.number().int(), out: z.string() })
      .strict()
      .optional()
      .describe("generate this synthetic workbook first when it is missing"),
    model: z.string().min(1),
    train: z.string().min(1),
    seeds: z.array(z.number().int().min(0)).min(1),
    split: z.string().min(1),
    out: z.string().min(1),
  })
  .strict();
export type RunConfig = z.infer<typeof RunConfigSchema>;

export class RunConfigError extends Error {
  override readonly name = "RunConfigError";
}

export function loadRunConfig(file: string): RunConfig {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new RunConfigError(`${file}: ${(e as Error).message}`);
  }
  const r = RunConfigSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new RunConfigError(`${file}: at '${i.path.join(".")}': ${i.message}`);
  }
  return r.data;
}
