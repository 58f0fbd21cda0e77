/**
 * The worker thread of runTrialsParallel (./parallel): rebuilds the train / dev data it was
 * started with, then runs each trial it is sent and posts back the result or the error's text.
 * It is not meant to be started by hand.
 */
import { parentPort, workerData } from "node:worker_threads";
import { fromData, setMatmulMode } from "../array";
import type { WorkerInput, WorkerReply, WorkerRequest } from "./parallel";
import { runTrial } from "./trial";

if (parentPort === null) throw new Error("tsdl search worker: this script runs inside a worker thread started by runTrialsParallel");
const port = parentPort;
const input = workerData as WorkerInput;
setMatmulMode(input.matmulMode);
const { trainX, trainY, devX, devY } = input.data;
const split = {
  trainX: fromData(trainX.data, trainX.shape), trainY: fromData(trainY.data, trainY.shape),
  devX: fromData(devX.data, devX.shape), devY: fromData(devY.data, devY.shape),
};

port.on("message", ({ index, trial }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { index, result: runTrial(trial, split, input.settings) };
  } catch (e) {
    reply = { index, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
