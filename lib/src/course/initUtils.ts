// filled in by the lab work in progress
export {};
