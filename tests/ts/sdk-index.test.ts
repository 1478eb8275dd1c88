// The one-import SDK surface loads and exposes each area (a broken re-export fails here, not in a user's script).
import { describe, expect, it } from "vitest";
import * as sdk from "../../sdk/index.ts";

describe("sdk/index.ts", () => {
  it("exposes the worker, training, forecast and each area", () => {
    for (const fn of [sdk.LocalWorker.start, sdk.connectRemote, sdk.startInProcess, sdk.putFeatureSet, sdk.train, sdk.trainAcross, sdk.forecast, sdk.ensembleModelEntry]) {
      expect(typeof fn).toBe("function");
    }
    expect(typeof sdk.data.loadDataset).toBe("function");
    expect(typeof sdk.features.buildFeatures).toBe("function");
    expect(typeof sdk.backtest.runBacktest).toBe("function");
    expect(typeof sdk.registry.promote).toBe("function");
    expect(typeof sdk.monitor.evaluateAlertRules).toBe("function");
    expect(sdk.VOL_FLOOR_DAILY).toBeCloseTo(0.1 / Math.sqrt(252), 12);
    expect(new sdk.BridgeError(sdk.ErrorCode.TIMEOUT, "x").code).toBe("TIMEOUT");
  });
});
