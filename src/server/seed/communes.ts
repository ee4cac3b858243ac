/**
 * Centre coordinates (chef-lieu) of the communes of the two demo territories.
 *
 * Only the INSEE code and the position live here: names, postcodes and population are read from
 * `@etalab/decoupage-administratif` at seed time, so they follow the official geography.
 */

export interface CommuneCentre {
  /** INSEE code of the commune. */
  code: string;
  lat: number;
  lon: number;
}

/** SIREN of the CC des Monts du Pilat (Loire, 42). */
export const MONTS_DU_PILAT_EPCI = '244200622';

/** SIREN of the CIREST, Communauté intercommunale Réunion Est (974). */
export const CIREST_EPCI = '249740093';

/** The 16 member communes of the CC des Monts du Pilat. */
export const montsDuPilatCentres: readonly CommuneCentre[] = [
  { code: '42224', lat: 45.34, lon: 4.418 }, // Saint-Genest-Malifaux
  { code: '42023', lat: 45.299, lon: 4.568 }, // Bourg-Argental
  { code: '42139', lat: 45.284, lon: 4.397 }, // Marlhes
  { code: '42115', lat: 45.313, lon: 4.361 }, // Jonzieux
  { code: '42246', lat: 45.322, lon: 4.618 }, // Saint-Julien-Molin-Molette
  { code: '42287', lat: 45.269, lon: 4.496 }, // Saint-Sauveur-en-Rue
  { code: '42172', lat: 45.382, lon: 4.443 }, // Planfoy
  { code: '42286', lat: 45.352, lon: 4.362 }, // Saint-Romain-les-Atheux
  { code: '42017', lat: 45.369, lon: 4.514 }, // Le Bessat
  { code: '42306', lat: 45.366, lon: 4.485 }, // Tarentaise
  { code: '42280', lat: 45.279, lon: 4.45 }, // Saint-Régis-du-Coin
  { code: '42028', lat: 45.264, lon: 4.556 }, // Burdignes
  { code: '42329', lat: 45.323, lon: 4.521 }, // La Versanne
  { code: '42067', lat: 45.327, lon: 4.585 }, // Colombier
  { code: '42310', lat: 45.321, lon: 4.558 }, // Thélis-la-Combe
  { code: '42101', lat: 45.35, lon: 4.563 }, // Graix
];

/** The 6 member communes of the CIREST. */
export const cirestCentres: readonly CommuneCentre[] = [
  { code: '97410', lat: -21.034, lon: 55.713 }, // Saint-Benoît
  { code: '97409', lat: -20.963, lon: 55.65 }, // Saint-André
  { code: '97402', lat: -21.001, lon: 55.677 }, // Bras-Panon
  { code: '97421', lat: -21.027, lon: 55.54 }, // Salazie
  { code: '97406', lat: -21.135, lon: 55.629 }, // La Plaine-des-Palmistes
  { code: '97419', lat: -21.128, lon: 55.794 }, // Sainte-Rose
];
