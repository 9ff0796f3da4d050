import { describe, expect, it } from 'vitest';
import { ANALYTICS_TOPICS, platformEvent } from './platform-events.js';
import { busEvent } from './testing/fixtures.js';

const AT = new Date('2026-04-01T12:34:56.000Z');
const PUBLISHED = new Date('2026-04-01T12:35:00.000Z');
const at = AT.toISOString();

const split = (overrides: Record<string, unknown> = {}) =>
  busEvent(
    'ml.traffic_split_set',
    {
      name: 'document-tags',
      experimentKey: 'model:document-tags',
      metric: 'ml.suggestion_accepted',
      variants: [
        { name: 'v1', version: 1, weight: 0.8 },
        { name: 'v2', version: 2, weight: 0.2 },
      ],
      actorId: 'admin-1',
      at,
      ...overrides,
    },
    PUBLISHED,
    'split-1',
  );

const served = (overrides: Record<string, unknown> = {}) =>
  busEvent(
    'ml.model_served',
    {
      experimentKey: 'model:document-tags',
      model: 'document-tags',
      version: 2,
      variant: 'v2',
      userId: 'u1',
      at,
      ...overrides,
    },
    PUBLISHED,
  );

const drift = (overrides: Record<string, unknown> = {}) =>
  busEvent(
    'ml.drift_detected',
    {
      model: 'document-tags',
      version: 3,
      psi: 0.5,
      labelPsi: 0.3,
      lengthPsi: 0.1,
      oovPsi: 0.05,
      sampleSize: 400,
      threshold: 0.25,
      at,
      ...overrides,
    },
    PUBLISHED,
  );

describe('ml events', () => {
  it('are consumed from the durable topics', () => {
    for (const topic of [
      'ml.traffic_split_set',
      'ml.model_served',
      'ml.suggestion_accepted',
      'ml.suggestion_rejected',
      'ml.drift_detected',
    ])
      expect(ANALYTICS_TOPICS).toContain(topic);
  });

  it('maps a traffic split to the split its experiment follows, kept raw with its actor', () => {
    expect(platformEvent(split())).toEqual({
      key: 'p:split-1',
      name: 'ml.traffic_split_set',
      userId: 'admin-1',
      at: AT,
      properties: {
        name: 'document-tags',
        variants: [
          { name: 'v1', weight: 0.8 },
          { name: 'v2', weight: 0.2 },
        ],
        actorId: 'admin-1',
      },
      source: 'platform',
      contributions: [{ metric: 'ml.traffic_split_set', kind: 'count', weight: 1 }],
      split: {
        experimentKey: 'model:document-tags',
        metric: 'ml.suggestion_accepted',
        variants: [
          { name: 'v1', weight: 0.8 },
          { name: 'v2', weight: 0.2 },
        ],
        actorId: 'admin-1',
        at: AT,
      },
    });
  });

  it('scales split weights to shares, and reads an empty split as its end (no actor needed)', () => {
    const percent = platformEvent(
      split({
        variants: [
          { name: 'v1', version: 1, weight: 75 },
          { name: 'v2', version: 2, weight: 25 },
        ],
      }),
    );
    expect(percent?.split?.variants).toEqual([
      { name: 'v1', weight: 0.75 },
      { name: 'v2', weight: 0.25 },
    ]);
    const ended = platformEvent(split({ variants: [], actorId: undefined }));
    expect(ended?.split).toMatchObject({ variants: [], actorId: null });
  });

  it('drops malformed splits', () => {
    const malformed: Array<Record<string, unknown>> = [
      { experimentKey: 'model:other' }, // does not name the model's experiment
      { name: 'Document Tags', experimentKey: 'model:Document Tags' }, // not a key
      { name: 'x'.repeat(81), experimentKey: `model:${'x'.repeat(81)}` }, // no room for its archived key
      { metric: 'Accepted!' },
      { variants: 'v1' },
      { variants: [{ name: 'v1', weight: 1 }] }, // one version is nothing to compare
      {
        variants: [
          { name: 'v1', weight: 0.5 },
          { name: 'v1', weight: 0.5 },
        ],
      },
      {
        variants: [
          { name: 'v1', weight: 1 },
          { name: 'v2', weight: 0 },
        ],
      },
      {
        variants: [
          { name: 'v 1', weight: 0.5 },
          { name: 'v2', weight: 0.5 },
        ],
      },
      { variants: [null, { name: 'v2', weight: 1 }] },
      { actorId: null }, // a split someone set says who
      { at: 'yesterday' },
    ];
    for (const overrides of malformed) {
      const event = split(overrides);
      // An unreadable payload `at` falls back to the bus event's; make the case above really bad.
      if (overrides.at) event.at = 'never';
      expect(platformEvent(event), JSON.stringify(overrides)).toBeNull();
    }
  });

  it('maps a model served to an exposure, keeping no raw event and no user activity', () => {
    const event = platformEvent(served());
    expect(event).toMatchObject({
      name: null,
      userId: null,
      at: AT,
      contributions: [{ metric: 'ml.model_served', kind: 'count', weight: 1 }],
      exposure: { experimentKey: 'model:document-tags', variant: 'v2', userId: 'u1' },
    });
    for (const overrides of [
      { userId: null },
      { experimentKey: 'checkout-test' },
      { experimentKey: 42 },
      { variant: '' },
      { variant: 'v 2' },
    ])
      expect(platformEvent(served(overrides)), JSON.stringify(overrides)).toBeNull();
  });

  it('stores suggestion feedback raw under its topic, by the user, as the experiments’ metric', () => {
    const event = platformEvent(
      busEvent(
        'ml.suggestion_accepted',
        { model: 'document-tags', version: 2, userId: 'u1', documentId: 'd1', tag: 'billing', at },
        PUBLISHED,
      ),
    );
    expect(event).toMatchObject({
      name: 'ml.suggestion_accepted',
      userId: 'u1',
      at: AT,
      properties: { model: 'document-tags', version: 2, documentId: 'd1', tag: 'billing' },
      contributions: [{ metric: 'ml.suggestion_accepted', kind: 'count', weight: 1 }],
    });
    expect(
      platformEvent(
        busEvent('ml.suggestion_rejected', { model: 'document-tags', userId: 'u1', at }, PUBLISHED),
      )?.name,
    ).toBe('ml.suggestion_rejected');
    expect(
      platformEvent(busEvent('ml.suggestion_accepted', { model: 'document-tags', at }, PUBLISHED)),
    ).toBeNull();
    expect(platformEvent(busEvent('ml.suggestion_rejected', { userId: 'u1', at }, PUBLISHED))).toBeNull();
  });

  it('maps a drift detection to a raw event and an anomaly at its minute, scored against the threshold', () => {
    const event = platformEvent(drift());
    expect(event).toMatchObject({
      name: 'ml.drift_detected',
      userId: null,
      properties: {
        model: 'document-tags',
        version: 3,
        psi: 0.5,
        labelPsi: 0.3,
        lengthPsi: 0.1,
        oovPsi: 0.05,
        sampleSize: 400,
        threshold: 0.25,
      },
      contributions: [{ metric: 'ml.drift_detected', kind: 'count', weight: 1 }],
      anomaly: {
        metric: 'ml.drift.document_tags',
        at: new Date('2026-04-01T12:34:00.000Z'),
        value: 0.5,
        expected: 0,
        score: 2,
      },
    });
  });

  it('scores drift against 0.2 when the event names no threshold', () => {
    expect(platformEvent(drift({ threshold: undefined }))?.anomaly?.score).toBeCloseTo(0.5 / 0.2, 12);
  });

  it('keeps a drift whose model name makes no metric, without an anomaly', () => {
    const event = platformEvent(drift({ model: 'm'.repeat(95) }));
    expect(event?.name).toBe('ml.drift_detected');
    expect(event?.anomaly).toBeUndefined();
  });

  it('drops malformed drift detections', () => {
    for (const overrides of [
      { model: null },
      { psi: 'high' },
      { psi: -0.1 },
      { psi: Number.NaN },
      { threshold: 0 },
      { threshold: 'x' },
    ])
      expect(platformEvent(drift(overrides)), JSON.stringify(overrides)).toBeNull();
  });
});
