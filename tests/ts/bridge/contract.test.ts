// The contract: committed JSON Schema is current; shared fixtures reach their expected outcome here
// (and in tests/py/test_bridge_contract.py); the error table is mirrored into the schema.
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BridgeError, ERROR_CODES, METHODS, validateRequestFrames } from "../../../bridge/index.ts";
import { renderContractSchema, SCHEMA_PATH } from "../../../bridge/schema/generate.ts";

const root = resolve(import.meta.dirname, "../../..");
const fixtureDir = resolve(root, "tests/fixtures/contract");

describe("contract schema", () => {
  it("committed JSON Schema matches the zod contract (run `npm run gen:schema` if this fails)", () => {
    expect(readFileSync(resolve(root, SCHEMA_PATH), "utf8")).toBe(renderContractSchema());
  });

  it("lists every method and error code", () => {
    const doc = JSON.parse(renderContractSchema()) as { methods: Record<string, unknown>; errorCodes: string[] };
    expect(Object.keys(doc.methods).sort()).toEqual(Object.keys(METHODS).sort());
    expect(doc.errorCodes).toEqual([...ERROR_CODES]);
  });
});

describe("shared contract fixtures", () => {
  const files = readdirSync(fixtureDir).filter((f) => f.endsWith(".json"));
  it("exist (valid and invalid)", () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });
  for (const file of files) {
    const fx = JSON.parse(readFileSync(resolve(fixtureDir, file), "utf8")) as {
      name: string;
      frames: string[];
      expect: { ok: true; method: string } | { code: string };
    };
    it(fx.name, () => {
      const frames = fx.frames.map((b) => Buffer.from(b, "base64"));
      if ("ok" in fx.expect) {
        expect(validateRequestFrames(frames).method).toBe(fx.expect.method);
      } else {
        let caught: unknown;
        try {
          validateRequestFrames(frames);
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(BridgeError);
        expect((caught as BridgeError).code).toBe(fx.expect.code);
      }
    });
  }
});
