// Every test gets a fresh in-memory IndexedDB; app tests that need a DOM opt in with
// `// @vitest-environment happy-dom` at the top of the file.
import 'fake-indexeddb/auto';
