// The app's `zod`, set up before any schema is built. The CSP forbids eval, so zod must neither
// probe for it (a CSP report on every start) nor compile parsers with `new Function`. The build
// resolves `zod` here (vite.config.ts), so every importer's schemas run after this line; an import
// in main.tsx could not promise that, as chunks are evaluated before the entry's own code.
import { config } from 'zod/v4/core';

config({ jitless: true });

// `z` comes with the star; the app never imports zod's default export.
export * from 'zod/v4';
