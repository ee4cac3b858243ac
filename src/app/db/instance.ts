import { TourneeDB } from './database';

/** The app's single database instance; tests build their own TourneeDB instead. */
export const db = new TourneeDB();

/** A parent's copy of public data: separate, so signing in or out never mixes the two. */
export const publicDb = new TourneeDB('tournee-public');
