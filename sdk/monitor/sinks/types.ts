// AlertSink: one destination of alerts (log, file, webhook). The dispatcher calls deliver() off the pipeline's path.

import type { Alert } from "../alerts/types.ts";

/** A destination for alerts. `deliver` resolves once the alert is stored/sent and rejects when it could not be. */
export interface AlertSink {
  readonly name: string;
  /** Delivers one alert; must stop promptly when `signal` aborts (flush timeout, shutdown). */
  deliver(alert: Alert, signal: AbortSignal): Promise<void>;
}
