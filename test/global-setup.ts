import { execFileSync } from 'node:child_process';

/** The end-to-end tests run the built bot (`node dist/src/index.js`, as `npm start` does): build it once. */
export default function setup(): void {
	execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
