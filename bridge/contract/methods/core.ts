// Core worker methods: health, heartbeat, tensor round trip, a cancellable test job, cancel, shutdown.
import { z } from "zod";
import { tensor } from "../tensor.ts";
import { defineMethod } from "../define.ts";

export const health = defineMethod({
  name: "health",
  description: "Versions, device, CUDA/bf16 availability, uptime, running jobs and shared-memory directory of the worker.",
  idempotent: true,
  params: z.object({}).strict(),
  result: z
    .object({
      protocol: z.number().int(),
      pid: z.number().int(),
      python: z.string(),
      numpy: z.string(),
      torch: z.string().nullable(),
      xlstm: z.string().nullable(),
      cvxpy: z.string().nullable(),
      device: z.string(),
      cuda: z.boolean(),
      bf16: z.boolean(),
      gpuName: z.string().nullable(),
      uptimeS: z.number(),
      jobsRunning: z.number().int(),
      shm: z.string().nullable().describe("directory of the shared-memory segments the worker accepts (ipc/loopback only); null: frames only"),
      methods: z.array(z.string()),
    })
    .strict(),
});

export const ping = defineMethod({
  name: "ping",
  description: "Heartbeat: answers at once, even while long jobs run.",
  idempotent: true,
  params: z.object({}).strict(),
  result: z.object({ uptimeS: z.number() }).strict(),
});

export const echo = defineMethod({
  name: "echo",
  description: "Tensor round trip for tests and benchmarks: returns the tensor unchanged (and its sum if asked).",
  idempotent: true,
  params: z
    .object({
      x: tensor(),
      checksum: z.boolean().optional().describe("also return the float64 sum of x"),
    })
    .strict(),
  result: z.object({ x: tensor(), sum: z.number().nullable() }).strict(),
});

export const echoFinite = defineMethod({
  name: "echo.finite",
  description: "Like echo, but the contract forbids NaN/inf in a float tensor of rank 2 (exercises NON_FINITE and rank checks).",
  idempotent: true,
  params: z.object({ x: tensor({ dtype: ["float32", "float64"], rank: 2, finite: true }) }).strict(),
  result: z.object({ x: tensor(), sum: z.number().nullable() }).strict(),
});

export const sleep = defineMethod({
  name: "debug.sleep",
  description: "A long job for tests: sleeps `steps` times `seconds/steps`, streaming progress; cancellable.",
  idempotent: true,
  long: true,
  params: z.object({ seconds: z.number().min(0).max(3600), steps: z.number().int().min(1).max(10_000) }).strict(),
  result: z.object({ completedSteps: z.number().int() }).strict(),
});

export const crash = defineMethod({
  name: "debug.crash",
  description: "Kills the worker process at once (tests the supervisor's restart path). Refused unless the worker runs with --allow-debug.",
  idempotent: false,
  params: z.object({ exitCode: z.number().int().min(1).max(255) }).strict(),
  result: z.object({}).strict(),
});

export const cancel = defineMethod({
  name: "cancel",
  description: "Cancels a running job by its request id; the job's own call then fails with CANCELLED.",
  idempotent: true,
  params: z.object({ id: z.string().min(1) }).strict(),
  result: z.object({ cancelled: z.boolean() }).strict(),
});

export const shutdown = defineMethod({
  name: "shutdown",
  description: "Cancels running jobs and stops the worker after replying.",
  idempotent: false,
  params: z.object({}).strict(),
  result: z.object({ stopping: z.literal(true) }).strict(),
});
