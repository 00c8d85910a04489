import { simplifyEntity, simplifySnak, yearOf } from './entity-simplifier';

describe('simplifyEntity', () => {
  it('keeps labels, claims with ranks and qualifiers, and sitelinks', () => {
    const entity = simplifyEntity({
      id: 'Q296',
      type: 'item',
      labels: { fr: { language: 'fr', value: 'Claude Monet' } },
      aliases: { en: [{ language: 'en', value: 'Monet' }] },
      claims: {
        P569: [
          {
            rank: 'normal',
            mainsnak: {
              snaktype: 'value',
              property: 'P569',
              datatype: 'time',
              datavalue: {
                type: 'time',
                value: {
                  time: '+1840-11-14T00:00:00Z',
                  precision: 11,
                  calendarmodel: 'http://www.wikidata.org/entity/Q1985727',
                },
              },
            },
            qualifiers: {
              P1480: [
                {
                  snaktype: 'value',
                  property: 'P1480',
                  datatype: 'wikibase-item',
                  datavalue: { type: 'wikibase-entityid', value: { 'entity-type': 'item', 'numeric-id': 5727902 } },
                },
              ],
            },
          },
        ],
        P570: [{ rank: 'deprecated', mainsnak: { snaktype: 'somevalue', property: 'P570', datatype: 'time' } }],
      },
      sitelinks: { frwiki: { site: 'frwiki', title: 'Claude Monet', badges: [] } },
    });

    expect(entity.labels).toEqual({ fr: 'Claude Monet' });
    expect(entity.aliases).toEqual({ en: ['Monet'] });
    expect(entity.claims.P569[0]).toEqual({
      property: 'P569',
      datatype: 'time',
      rank: 'normal',
      value: {
        type: 'time',
        time: '+1840-11-14T00:00:00Z',
        precision: 11,
        year: 1840,
        calendar: 'http://www.wikidata.org/entity/Q1985727',
      },
      qualifiers: { P1480: [{ type: 'entity', id: 'Q5727902' }] },
    });
    expect(entity.claims.P570[0]).toMatchObject({ rank: 'deprecated', value: { type: 'somevalue' } });
    expect(entity.sitelinks.frwiki).toEqual({ site: 'frwiki', title: 'Claude Monet', url: null });
    expect(entity.datatype).toBeNull();
  });
});

describe('simplifySnak', () => {
  it.each([
    ['external-id', { type: 'string', value: '500019484' }, { type: 'external-id', value: '500019484' }],
    ['commonsMedia', { type: 'string', value: 'Monet.jpg' }, { type: 'commonsMedia', value: 'Monet.jpg' }],
    ['string', { type: 'string', value: 'Claude Monet' }, { type: 'string', value: 'Claude Monet' }],
    [
      'quantity',
      { type: 'quantity', value: { amount: '+81', unit: '1' } },
      { type: 'quantity', amount: 81, unit: null },
    ],
    [
      'monolingualtext',
      { type: 'monolingualtext', value: { text: 'Monet', language: 'fr' } },
      { type: 'monolingualtext', text: 'Monet', language: 'fr' },
    ],
    ['geo-shape', { type: 'mystery', value: 'x' }, { type: 'unsupported', datatype: 'geo-shape' }],
  ])('reads a %s value', (datatype, datavalue, expected) => {
    expect(simplifySnak({ snaktype: 'value', property: 'P1', datatype, datavalue })).toEqual(expected);
  });
});

describe('yearOf', () => {
  it('reads signed years', () => {
    expect(yearOf('+1840-11-14T00:00:00Z')).toBe(1840);
    expect(yearOf('-0500-00-00T00:00:00Z')).toBe(-500);
    expect(yearOf('nonsense')).toBeNull();
  });
});
