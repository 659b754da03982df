export {};

// The floor for start-up benchmarks: the smallest program compiled the way dist/duvo is.
await Bun.write(Bun.stdout, "hello\n");
