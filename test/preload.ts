// Test preload: filled in as the suite grows.
