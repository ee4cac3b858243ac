import { TourneeDB } from './database';

/** The app's single database instance; tests build their own TourneeDB instead. */
export const db = new TourneeDB();
