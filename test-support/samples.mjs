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
      { name: 'Password reset email arrives', folder: 'Accounts', status: 3, elapsedUs: 31_000_000,
        note: '<p>Timed out after 30 s waiting for the reset email.</p><p>Mailbox: qa+reset@example.com<br>Last SMTP log line: 421 4.7.0 Try again later</p>' },
      { name: 'Add item to cart', folder: 'Checkout', status: 2, elapsedUs: 950_000 },
      { name: 'Apply discount code <SPRING25>', folder: 'Checkout', status: 3, elapsedUs: 1_200_000,
        note: '<p>Expected total 75.00 | got 100.00</p>' },
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
