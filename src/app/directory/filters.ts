import type { DirectoryKind } from '../../domain/entities/directory-entry';

/** What a person narrows the directory with; every field empty means "everything". */
export interface DirectoryFilters {
  kinds: DirectoryKind[];
  /** The child's birth date (or expected date): keeps places that take a child of that age. */
  childBirthDate: string;
  /** Keeps entries with a place free on or before this date. */
  placesFrom: string;
  atypicalHours: boolean;
  disabilityWelcome: boolean;
  language: string;
  /** 0 = no limit. Applies only when an origin is set. */
  maxDistanceKm: number;
}

export const noFilters: DirectoryFilters = {
  kinds: [],
  childBirthDate: '',
  placesFrom: '',
  atypicalHours: false,
  disabilityWelcome: false,
  language: '',
  maxDistanceKm: 0,
};

/** Where distances are measured from: the person's position or a commune's centre. */
export interface Origin {
  lat: number;
  lon: number;
  /** A commune code, or 'position' for the device's location. */
  source: string;
}

export function activeFilterCount(f: DirectoryFilters): number {
  return (
    (f.kinds.length > 0 ? 1 : 0) +
    (f.childBirthDate ? 1 : 0) +
    (f.placesFrom ? 1 : 0) +
    (f.atypicalHours ? 1 : 0) +
    (f.disabilityWelcome ? 1 : 0) +
    (f.language ? 1 : 0) +
    (f.maxDistanceKm > 0 ? 1 : 0)
  );
}
