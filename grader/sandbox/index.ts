// The grader's sandbox: a tslab kernel per submission in bubblewrap, spoken to over ZeroMQ.
export { SandboxKernel, DEFAULT_MEMORY_BYTES, DEFAULT_MAX_PROCESSES, type SandboxOptions } from "./sandbox-kernel";
export { sandboxAvailability, INSTALL_BUBBLEWRAP, type SandboxAvailability } from "./availability";
export { DEFAULT_OUTPUT_LIMITS, type OutputLimits } from "./output-budget";
export { removeLeftovers } from "./leftovers";
