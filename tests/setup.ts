// Every test gets a fresh in-memory IndexedDB; app tests that need a DOM opt in with
// `// @vitest-environment happy-dom` at the top of the file.
import 'fake-indexeddb/auto';

// The staff screens' French messages are fetched by the app before its first staff screen
// (src/app/i18n/index.ts); screens rendered on their own in tests get them here.
import { loadStaffMessages } from '../src/app/i18n';

await loadStaffMessages();
