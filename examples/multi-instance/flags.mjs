/** The example's flags: a canary of a new checkout service, ramped by changing its weight. */
export function checkoutCanary(percent) {
  return {
    flags: [
      {
        key: 'checkout-v2',
        kind: 'canary',
        variations: { canary: 'v2', stable: 'v1' },
        offVariation: 'stable',
        fallthrough: {
          split: {
            weights: [
              { variation: 'canary', weight: percent * 100 },
              { variation: 'stable', weight: 10_000 - percent * 100 },
            ],
          },
        },
      },
    ],
  };
}
