import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts'],
		globalSetup: ['test/global-setup.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// The end-to-end suites start real processes; two cores run two files at a time well.
		maxWorkers: 2,
	},
});
