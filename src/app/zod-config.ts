import { z } from 'zod';

// The CSP forbids eval: zod must not probe for it (a CSP report on every start) nor compile
// parsers with `new Function`. Imported first by main.tsx, so it runs before any schema is built.
z.config({ jitless: true });
