import { describe, expect, it } from 'vitest';
import { matchesQuery, normalizeText } from '../../src/domain/text';

describe('French text search', () => {
  it.each([
    ['creche st etienne', 'Crèche de Saint-Étienne', true],
    ['CRECHE saint-etienne', 'Crèche de Saint-Étienne', true],
    ['ste croix', 'MAM de Sainte-Croix-en-Jarez', true],
    ['l’ile', 'Accueil de loisirs de L’Île', true],
    ['coeur', 'LAEP Au Cœur des Familles', true],
    ['galipettes bourg', 'Multi-accueil Les Galipettes · Bourg-Argental', true],
    ['creche marlhes', 'Crèche de Saint-Étienne', false],
    ['', 'Tout correspond à une recherche vide', true],
  ])('%s in %s → %s', (query, text, expected) => {
    expect(matchesQuery(text, query)).toBe(expected);
  });

  it('normalises accents, case, apostrophes and hyphens', () => {
    expect(normalizeText('  Saint-Étienne   d’Œuvre ')).toBe('saint etienne d oeuvre');
  });
});
