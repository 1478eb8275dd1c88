// forecast as of a date: the last trading day on or before it, typed errors outside the data; never a later day.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AsOfError, dayIndexAsOf } from "../../../sdk/forecast/index.ts";

const dates = ["2025-06-02", "2025-06-03", "2025-06-04", "2025-06-06", "2025-06-09"];

describe("dayIndexAsOf", () => {
  it("picks the day itself or the last trading day before it", () => {
    expect(dayIndexAsOf(dates, "2025-06-02")).toBe(0);
    expect(dayIndexAsOf(dates, "2025-06-05")).toBe(2); // holiday: the day before
    expect(dayIndexAsOf(dates, "2025-06-08")).toBe(3); // weekend
    expect(dayIndexAsOf(dates, "2025-06-09")).toBe(4);
  });

  it("rejects dates before or after the data and malformed dates", () => {
    expect(() => dayIndexAsOf(dates, "2025-06-01")).toThrowError(AsOfError);
    expect(() => dayIndexAsOf(dates, "2025-06-10")).toThrowError(/after the last day of the data \(2025-06-09\)/);
    expect(() => dayIndexAsOf(dates, "06/02/2025")).toThrowError(/YYYY-MM-DD/);
    expect(() => dayIndexAsOf([], "2025-06-02")).toThrowError(AsOfError);
  });

  it("never returns a day after asOf (no look-ahead)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 2 }), (i, extra) => {
        const d = new Date(`${dates[i]}T00:00:00Z`);
        d.setUTCDate(d.getUTCDate() + extra);
        const asOf = d.toISOString().slice(0, 10);
        if (asOf > dates[4]!) return true;
        const t = dayIndexAsOf(dates, asOf);
        return dates[t]! <= asOf && (t === dates.length - 1 || dates[t + 1]! > asOf);
      }),
    );
  });
});
