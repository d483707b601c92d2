// @ts-check
/** Realistic sample data for the demo: a Testmo regression run with a few failures. */
import { buildTestmoRun } from './fakes/testmo.mjs';

export const sampleTestmoRun = () =>
  buildTestmoRun({
    runId: 42,
    name: 'Release 3.8 regression',
    tests: [
      { name: 'Sign in with email and password', folder: 'Accounts', status: 2, elapsedUs: 1_840_000 },
      { name: 'Sign in with SSO', folder: 'Accounts', status: 2, elapsedUs: 2_310_000, history: [3] },
      {
        name: 'Password reset email arrives',
        folder: 'Accounts',
        status: 3,
        elapsedUs: 31_000_000,
        note: '<p>Timed out after 30 s waiting for the reset email.</p><p>Mailbox: qa+reset@example.com<br>Last SMTP log line: 421 4.7.0 Try again later</p>',
      },
      { name: 'Add item to cart', folder: 'Checkout', status: 2, elapsedUs: 950_000 },
      {
        name: 'Apply discount code <SPRING25>',
        folder: 'Checkout',
        status: 3,
        elapsedUs: 1_200_000,
        note: '<p>Expected total 75.00 | got 100.00</p>',
      },
      { name: 'Pay with saved card', folder: 'Checkout', status: 2, elapsedUs: 4_100_000 },
      { name: 'Pay with PayPal', folder: 'Checkout', status: 5, note: '<p>Blocked: PayPal sandbox is down</p>' },
      { name: 'Order confirmation page', folder: 'Checkout', status: 2, elapsedUs: 700_000 },
      { name: 'Search by product name', folder: 'Catalog', status: 2, elapsedUs: 600_000 },
      { name: 'Filter by price range', folder: 'Catalog', status: 7, elapsedUs: 800_000, note: '<p>Known bug SHOP-1432</p>' },
      { name: 'Product images lazy-load', folder: 'Catalog', status: 6 },
      { name: 'Wishlist survives sign-out', folder: 'Catalog', status: 2, elapsedUs: 1_500_000 },
    ],
    untestedWithoutResult: 2,
  });

/** A Testomato project watching a shop: one check failing, one disabled. */
export const sampleTestomatoProject = () => ({
  projectId: '5e95ddf7a39e5a44428b4581',
  apiKey: 'tm-apikey-4PJAOwTK9x',
  checks: [
    { name: 'Homepage', url: 'https://shop.example/', totalMs: 43 },
    { name: 'Product page', url: 'https://shop.example/p/espresso-machine', totalMs: 180 },
    {
      name: 'Cart',
      url: 'https://shop.example/cart',
      totalMs: 95,
      failures: ['Missing "Proceed to checkout" in Website TEXT', 'Server returned HTTP status 500'],
    },
    { name: 'Contact', url: 'https://shop.example/contact', totalMs: 60 },
    { name: 'robots.txt', url: 'https://shop.example/robots.txt', totalMs: 12 },
    { name: 'Old landing page', url: 'https://shop.example/spring-sale', enabled: false },
  ],
});

/** A Tesults target with two builds; the latest has two failures. */
export const sampleTesultsData = () => ({
  token: 'tesults-api-token-7c95f9b7',
  targets: [
    {
      id: 'tgt-web-0001',
      name: 'Web app (Chrome)',
      runs: [
        {
          build: '3.8.0-rc.2',
          created_time: 1763880000000,
          run_url: 'https://www.tesults.com/acme/web/run/3-8-0-rc-2',
          cases: [
            { name: 'Sign in successfully', suite: 'Authentication', result: 'pass', duration: 11122 },
            { name: 'Sign in with wrong password shows an error', suite: 'Authentication', result: 'pass', duration: 4210 },
            {
              name: 'Checkout applies VAT',
              suite: 'Checkout',
              result: 'fail',
              duration: 8800,
              reason: 'AssertionError: expected 119.00 to equal 121.00\n    at checkout.spec.ts:88:17',
            },
            {
              name: 'Checkout with an expired card',
              suite: 'Checkout',
              result: 'fail',
              duration: 6100,
              reason: 'Timeout 30000ms exceeded waiting for selector ".card-error"',
            },
            { name: 'Export order history as CSV', suite: 'Account', result: 'unknown', duration: 0 },
            { name: 'Change e-mail address', suite: 'Account', result: 'pass', duration: 5230 },
          ],
        },
        {
          build: '3.7.4',
          created_time: 1763000000000,
          cases: [{ name: 'Sign in successfully', suite: 'Authentication', result: 'pass', duration: 10000 }],
        },
      ],
    },
    { id: 'tgt-api-0002', name: 'Public API', runs: [] },
  ],
});

/** An Eggplant Web Performance Analyzer job over five pages in three browsers (`browsers/ch`, `ff`, `ie11` as documented). */
export const sampleEggplantData = () => ({
  clientId: 'wpa-client-acme',
  clientSecret: 'wpa-secret-Q2hhbmdlTWU',
  realm: 'acme',
  jobs: {
    12345: {
      name: 'Nightly page performance',
      statuses: ['running', 'completed'],
      runs: [
        { pageTitle: 'Home', url: 'https://shop.example/', browser: 'browsers/ch', onLoad: 1.42, speedIndex: 1.21, severity: 'ok' },
        { pageTitle: 'Home', url: 'https://shop.example/', browser: 'browsers/ff', onLoad: 1.88, speedIndex: 1.53, severity: 'ok' },
        {
          pageTitle: 'Search results',
          url: 'https://shop.example/search?q=coffee',
          browser: 'browsers/ch',
          onLoad: 6.93,
          speedIndex: 4.4,
          severity: 'warning',
          resultCode: 1,
        },
        {
          pageTitle: 'Product',
          url: 'https://shop.example/p/espresso-machine',
          browser: 'browsers/ie11',
          onLoad: 2.1,
          speedIndex: 1.9,
          severity: 'ok',
        },
        {
          pageTitle: '',
          url: 'https://shop.example/checkout',
          browser: 'browsers/ff',
          onLoad: null,
          speedIndex: null,
          severity: 'error',
          resultCode: 5,
        },
      ],
    },
  },
});

/**
 * An Eggplant release check of a deployed site, every metric measured (some null where a
 * page did not finish), for budgets: `onLoad <= 3 s`, `speedIndex <= 2.5`, `pageSize <= 1.5 MB`.
 */
export const budgetEggplantData = () => {
  /** @param {string} pageTitle @param {string} path @param {string} browser @param {Record<string, number | null>} m @param {string} [severity] */
  const run = (pageTitle, path, browser, m, severity = 'ok') => ({
    pageTitle,
    url: `https://shop.example${path}`,
    browser: `browsers/${browser}`,
    severity,
    ...m,
  });
  return {
    clientId: 'wpa-client-acme',
    clientSecret: 'wpa-secret-Q2hhbmdlTWU',
    realm: 'acme',
    jobs: {
      24680: {
        name: 'Release 3.8 on staging',
        statuses: ['running', 'completed'],
        runs: [
          run('Home', '/', 'ch', { onLoad: 1.42, speedIndex: 1.21, pageSize: 812_000, renderStart: 0.61 }),
          run('Home', '/', 'ff', { onLoad: 1.88, speedIndex: 1.53, pageSize: 815_500, renderStart: 0.74 }),
          run('Home', '/', 'ie11', { onLoad: 3.02, speedIndex: 2.31, pageSize: 1_020_000, renderStart: 1.12 }),
          run('Search results', '/search?q=coffee', 'ch', { onLoad: 4.21, speedIndex: 3.05, pageSize: 1_400_000, renderStart: 0.9 }),
          run('Search results', '/search?q=coffee', 'ff', { onLoad: 2.75, speedIndex: 2.2, pageSize: 1_420_000, renderStart: 0.95 }),
          run('Product', '/p/espresso-machine', 'ch', { onLoad: 2.1, speedIndex: 1.9, pageSize: 2_300_000, renderStart: 0.7 }),
          run(
            'Checkout',
            '/checkout',
            'ff',
            { onLoad: null, speedIndex: null, pageSize: null, renderStart: null, objectCount: null },
            'error',
          ),
          run('Contact', '/contact', 'ch', { onLoad: 0.95, speedIndex: 0.81, pageSize: 240_000, renderStart: 0.4 }),
        ],
      },
    },
  };
};
