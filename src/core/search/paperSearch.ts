// Ranks works for a query with fuse.js over title, authors, key, venue, themes and abstract.
import Fuse from 'fuse.js';
import { Paper, Theme } from '../model';

export class PaperSearch {
  private readonly fuse: Fuse<Paper>;

  constructor(private readonly papers: readonly Paper[], themes: readonly Theme[]) {
    const themeLabels = new Map(themes.map((theme) => [theme.id, theme.label]));
    this.fuse = new Fuse(papers as Paper[], {
      includeScore: true,
      ignoreLocation: true,
      ignoreDiacritics: true,
      threshold: 0.4,
      keys: [
        { name: 'title', weight: 4 },
        { name: 'authors', weight: 3, getFn: (paper) => (paper.authors ?? []).map((a) => [a.given, a.family, a.literal].filter(Boolean).join(' ')) },
        { name: 'key', weight: 2 },
        { name: 'venue', weight: 1, getFn: (paper) => [paper.venue, paper.publisher].filter((v): v is string => !!v) },
        { name: 'themes', weight: 1, getFn: (paper) => paper.themes.map((id) => themeLabels.get(id) ?? id) },
        { name: 'abstract', weight: 0.5, getFn: (paper) => paper.abstract?.text ?? '' },
      ],
    });
  }

  search(query: string, limit = 50): Paper[] {
    if (!query.trim()) return this.papers.slice(0, limit);
    return this.fuse.search(query, { limit }).map((result) => result.item);
  }
}
