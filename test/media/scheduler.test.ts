import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PollScheduler } from '../../src/media/scheduler.js';

describe('PollScheduler', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	function scheduler() {
		const ran: string[] = [];
		return { ran, scheduler: new PollScheduler((id) => ran.push(id)) };
	}

	it('runs each job once, when its turn comes, in order of due time', () => {
		const { ran, scheduler: polls } = scheduler();
		polls.schedule('slow', 3_000);
		polls.schedule('fast', 1_000);
		vi.advanceTimersByTime(999);
		expect(ran).toEqual([]);
		vi.advanceTimersByTime(1);
		expect(ran).toEqual(['fast']);
		vi.advanceTimersByTime(2_000);
		expect(ran).toEqual(['fast', 'slow']);
		vi.advanceTimersByTime(10_000);
		expect(ran).toEqual(['fast', 'slow']);
	});

	it('forgets a job once it has run, so a finished job leaves nothing behind', () => {
		const { scheduler: polls } = scheduler();
		polls.schedule('a', 1_000);
		expect(polls.size).toBe(1);
		vi.advanceTimersByTime(1_000);
		expect(polls.size).toBe(0);
	});

	it('keeps one timer for any number of jobs', () => {
		const { ran, scheduler: polls } = scheduler();
		for (let index = 0; index < 100; index++) polls.schedule(`job-${index}`, 1_000 + index);
		expect(vi.getTimerCount()).toBe(1);
		vi.advanceTimersByTime(1_100);
		expect(ran).toHaveLength(100);
		expect(vi.getTimerCount()).toBe(0);
	});

	it('moves a job rescheduled earlier, and runs nothing for a cancelled one', () => {
		const { ran, scheduler: polls } = scheduler();
		polls.schedule('a', 5_000);
		polls.schedule('b', 2_000);
		polls.schedule('a', 1_000);
		polls.cancel('b');
		vi.advanceTimersByTime(5_000);
		expect(ran).toEqual(['a']);
	});

	it('drops every turn when stopped', () => {
		const { ran, scheduler: polls } = scheduler();
		polls.schedule('a', 1_000);
		polls.stop();
		vi.advanceTimersByTime(5_000);
		expect(ran).toEqual([]);
		expect(vi.getTimerCount()).toBe(0);
	});
});
