import { SCRUTART_LANGUAGES } from '@relais/domains/scrutart/contracts';
import { buildArtistPage, pageSlug } from './artist-page.builder';
import { artistPageInput } from './testing/artist-page.fixture';
import { EN_TEXTS } from './texts/en.texts';
import { ES_TEXTS } from './texts/es.texts';
import { FR_TEXTS } from './texts/fr.texts';

/** French words and phrases of the templates that must never appear on an English or Spanish page. */
const FRENCH = [
  'Où trouver',
  'suivez le guide',
  'œuvre',
  'Œuvre',
  'requête',
  'Galerie',
  'galerie',
  'Identifiant',
  'Propriété',
  'Sujets représentés',
  'Articles Wikipédia',
  ' dont ',
  'Retrouvez',
  'générée',
  'année',
  'Aucun',
  'Nationalité',
  'Mouvement',
  'diagramme',
  "d'entre elles",
  'en français',
  'la moitié',
  'naissance',
  'décès',
  'Dans ce billet',
  'paysage',
  'peinture',
];

/** Block names opened by `<!-- wp:name … -->` must each be closed by `<!-- /wp:name -->`. */
function blockBalance(content: string): Record<string, number> {
  const balance: Record<string, number> = {};
  for (const match of content.matchAll(/<!-- (\/?)wp:([a-z-]+)[^>]*?(\/?)-->/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing) continue;
    balance[name] = (balance[name] ?? 0) + (closing ? -1 : 1);
  }
  return balance;
}

function jsonLdOf(content: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(content);
  if (!match) throw new Error('no JSON-LD script in the page');
  return JSON.parse(match[1]) as Record<string, unknown>;
}

describe('buildArtistPage', () => {
  it.each([
    [
      'fr',
      'Où trouver Claude Monet dans Wikidata, suivez le guide',
      'Les œuvres de Claude Monet dans Wikidata',
      '2\u202f100',
    ],
    [
      'en',
      'Where to find Claude Monet in Wikidata, follow the guide',
      'The works of Claude Monet in Wikidata',
      '2,100',
    ],
    ['es', 'Dónde encontrar a Claude Monet en Wikidata: siga la guía', 'Las obras de Claude Monet en Wikidata', '2100'],
  ] as const)(
    'writes the %s page: title, slug, headings and figures in its language',
    (language, title, heading, works) => {
      const page = buildArtistPage(artistPageInput(language), language);

      expect(page.title).toBe(title);
      expect(page.slug).toBe(`q296-${language}`);
      expect(page.content).toContain(`<h2 class="wp-block-heading">${heading}</h2>`);
      expect(page.content).toContain(`<a href="https://query.wikidata.org/#works">${works}</a>`);
      expect(page.excerpt).toContain(works);
    },
  );

  it('is made of balanced Gutenberg blocks', () => {
    for (const language of SCRUTART_LANGUAGES) {
      const { content } = buildArtistPage(artistPageInput(language), language);
      const balance = blockBalance(content);
      expect(Object.keys(balance)).toEqual(
        expect.arrayContaining(['html', 'paragraph', 'heading', 'list', 'list-item', 'table', 'image', 'gallery']),
      );
      expect(Object.values(balance).every((open) => open === 0)).toBe(true);
      expect(content.startsWith('<!-- wp:html -->')).toBe(true);
    }
  });

  it('links every statistic to the SPARQL query behind it, and the years to a bar chart', () => {
    const { content } = buildArtistPage(artistPageInput('en'), 'en');
    for (const figure of [
      'works',
      'with-image',
      'types',
      'genres',
      'depicts',
      'properties',
      'years',
      'wikipedia-all',
      'wikipedia-fr',
      'wikipedia-en',
      'wikipedia-es',
    ]) {
      expect(content).toContain(`href="https://query.wikidata.org/#${figure}"`);
    }
    expect(content).toContain('<a href="https://query.wikidata.org/#defaultView%3ABarChart">See the bar chart</a>');
    expect(content).toContain('>7</a> works are dated (inception P571 or publication date P577), from 1858 to 1926.');
    expect(content).toMatch(
      /are the subject of <a [^>]+>450<\/a> Wikipedia articles, <a [^>]+>110<\/a> of them in English, <a [^>]+>120<\/a> in French and <a [^>]+>95<\/a> in Spanish/,
    );
    expect(content).toContain('<a href="https://www.wikidata.org/wiki/Q191163">landscape art</a>: 900 works');
  });

  it('writes the Spanish page wholly in Spanish, citing the Spanish Wikipedia first', () => {
    const { content } = buildArtistPage(artistPageInput('es'), 'es');

    expect(content).toMatch(
      /<a [^>]+>95<\/a> de ellos en español, <a [^>]+>120<\/a> en francés y <a [^>]+>110<\/a> en inglés/,
    );
    expect(content).toContain('servicio de consultas de Wikidata');
    expect(content).not.toMatch(/en el Query Service/);
  });

  it('has the identifier table, the gallery link and the thumbnails', () => {
    const { content } = buildArtistPage(artistPageInput('fr'), 'fr');

    expect(content).toContain(
      '<tr><td>identifiant VIAF (P214)</td><td><a href="https://viaf.org/viaf/24604287">24604287</a></td></tr>',
    );
    expect(content).toContain('<a href="https://www.wikidata.org/wiki/Q296#identifiers">');
    expect(content).toContain(
      'Retrouvez 2 œuvres de Claude Monet dans <a href="https://gallery.example/index.php?/category/7">la galerie consacrée à Claude Monet</a>.',
    );
    expect(content).toContain(
      '<img src="https://commons.example/FilePath/Impression.jpg?width=300" alt="Impression, soleil levant"/>',
    );
    expect(content).toContain('<img src="https://commons.example/FilePath/Claude_Monet_1899_Nadar_crop.jpg?width=400"');
  });

  it('embeds a valid JSON-LD Person in the page language', () => {
    const person = jsonLdOf(buildArtistPage(artistPageInput('es'), 'es').content);

    expect(person).toEqual({
      '@context': 'https://schema.org',
      '@type': 'Person',
      '@id': 'http://www.wikidata.org/entity/Q296',
      name: 'Claude Monet',
      description: 'pintor impresionista francés',
      birthDate: '1840',
      deathDate: '1926',
      nationality: [{ '@type': 'Country', name: 'Francia' }],
      image: 'https://commons.example/FilePath/Claude_Monet_1899_Nadar_crop.jpg',
      sameAs: [
        'https://www.wikidata.org/wiki/Q296',
        'https://fr.wikipedia.org/wiki/Claude_Monet',
        'https://en.wikipedia.org/wiki/Claude_Monet',
        'https://viaf.org/viaf/24604287',
        'https://catalogue.bnf.fr/ark:/12148/cb11916181t',
      ],
    });
  });

  it.each(['es', 'en'] as const)('leaves no French on the %s page', (language) => {
    const page = buildArtistPage(artistPageInput(language), language);
    const text = `${page.title}\n${page.excerpt}\n${page.content}`;
    for (const french of FRENCH) expect({ french, found: text.includes(french) }).toEqual({ french, found: false });
  });

  it('translates every sentence of the templates', () => {
    expect(Object.keys(ES_TEXTS).sort()).toEqual(Object.keys(FR_TEXTS).sort());
    expect(Object.keys(EN_TEXTS).sort()).toEqual(Object.keys(FR_TEXTS).sort());
    const sample = (value: unknown): string =>
      typeof value === 'function'
        ? String((value as (...args: unknown[]) => unknown)('X', 'Y', 2, 'Z'))
        : String(value);
    for (const key of Object.keys(FR_TEXTS) as (keyof typeof FR_TEXTS)[]) {
      expect({ key, same: sample(ES_TEXTS[key]) === sample(FR_TEXTS[key]) }).toEqual({ key, same: false });
    }
  });

  it('escapes names and values, and no value can close the JSON-LD script', () => {
    const input = artistPageInput('en');
    input.facts.labels.en = 'Eve <img onerror=x> & "Co" </script>';
    const { content, title } = buildArtistPage(input, 'en');

    expect(title).toBe('Where to find Eve <img onerror=x> & "Co" </script> in Wikidata, follow the guide');
    expect(content).not.toContain('<img onerror');
    expect(content).toContain('Eve &lt;img onerror=x&gt; &amp; &quot;Co&quot; &lt;/script&gt;');
    expect(content.match(/<\/script>/g)).toHaveLength(1);
    expect(jsonLdOf(content).name).toBe('Eve <img onerror=x> & "Co" </script>');
  });

  it('shows Commons thumbnails without a gallery, and says when there is no image', () => {
    const withoutGallery = buildArtistPage(artistPageInput('en', { gallery: null }), 'en').content;
    expect(withoutGallery).toContain('Some works by Claude Monet on Wikimedia Commons:');
    expect(withoutGallery).toContain('wp:gallery');

    const withoutImages = buildArtistPage(artistPageInput('en', { gallery: null, images: [] }), 'en').content;
    expect(withoutImages).toContain('No image of a painting by Claude Monet is available on Wikimedia Commons.');
    expect(withoutImages).not.toContain('wp:gallery');
  });

  it('uses lower-case {qid}-{lang} slugs', () => {
    expect(pageSlug('Q296', 'es')).toBe('q296-es');
  });
});
