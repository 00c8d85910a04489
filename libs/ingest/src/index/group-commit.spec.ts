import { GroupCommit } from './group-commit';
import { UpcomingWrites } from './upcoming-writes';

describe('GroupCommit', () => {
  const deferred = () => {
    let resolve: () => void = () => undefined;
    let reject: (error: Error) => void = () => undefined;
    const promise = new Promise<void>((ok, fail) => {
      resolve = ok;
      reject = fail;
    });
    return { promise, resolve, reject };
  };

  it('writes a lone batch at once, and what arrives meanwhile together in the next request', async () => {
    const requests: number[][] = [];
    const gates = [deferred(), deferred()];
    const commit = new GroupCommit<number>((items) => {
      requests.push(items);
      return gates[requests.length - 1].promise;
    }, 100);

    const first = commit.add([1, 2]);
    const second = commit.add([3]);
    const third = commit.add([4, 5]);
    expect(requests).toEqual([[1, 2]]);
    gates[0].resolve();
    await first;
    await Promise.resolve();
    expect(requests).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    gates[1].resolve();
    await Promise.all([second, third]);
  });

  it('keeps requests within the limit, splitting a caller larger than it', async () => {
    const requests: number[][] = [];
    const commit = new GroupCommit<number>((items) => {
      requests.push(items);
      return Promise.resolve();
    }, 3);

    await Promise.all([commit.add([1, 2]), commit.add([3, 4]), commit.add([5, 6, 7, 8, 9])]);

    expect(requests).toEqual([
      [1, 2],
      [3, 4],
      [5, 6, 7],
      [8, 9],
    ]);
  });

  it('rejects every caller of a failed request, and goes on with the next ones', async () => {
    const gate = deferred();
    let calls = 0;
    const commit = new GroupCommit<string>((items) => {
      calls++;
      return calls === 2 ? Promise.reject(new Error(`lost ${items.join(',')}`)) : gate.promise;
    }, 10);

    const first = commit.add(['a']);
    const second = commit.add(['b']);
    const third = commit.add(['c']);
    gate.resolve();

    await expect(first).resolves.toBeUndefined();
    await expect(second).rejects.toThrow('lost b,c');
    await expect(third).rejects.toThrow('lost b,c');
    await expect(commit.add(['d'])).resolves.toBeUndefined();
  });

  describe('with announced callers', () => {
    const recording = (requests: number[][]) => (items: number[]) => {
      requests.push(items);
      return Promise.resolve();
    };

    it('holds a request for a caller on its way, and sends both together when it arrives', async () => {
      const requests: number[][] = [];
      const upcoming = new UpcomingWrites();
      const commit = new GroupCommit<number>(recording(requests), 100, upcoming, 60_000);

      const onItsWay = upcoming.announce();
      const first = commit.add([1, 2]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(requests).toEqual([]);

      onItsWay();
      const second = commit.add([3]);
      await Promise.all([first, second]);
      expect(requests).toEqual([[1, 2, 3]]);
    });

    it('stops holding when the announced caller gives up', async () => {
      const requests: number[][] = [];
      const upcoming = new UpcomingWrites();
      const commit = new GroupCommit<number>(recording(requests), 100, upcoming, 60_000);

      const givesUp = upcoming.announce();
      const first = commit.add([1]);
      givesUp();
      givesUp(); // twice is harmless: one announcement, one arrival
      await first;
      expect(requests).toEqual([[1]]);
      expect(upcoming.count).toBe(0);
    });

    it('holds no longer than maxHoldMs for a caller that never comes', async () => {
      const requests: number[][] = [];
      const upcoming = new UpcomingWrites();
      const commit = new GroupCommit<number>(recording(requests), 100, upcoming, 20);

      upcoming.announce();
      await commit.add([1]);
      expect(requests).toEqual([[1]]);
    });

    it('keeps holding for as many callers as came together lately, after a straggler went alone', async () => {
      const requests: number[][] = [];
      const gates = [deferred(), deferred()];
      const upcoming = new UpcomingWrites();
      const commit = new GroupCommit<number>(
        (items) => {
          requests.push(items);
          return gates[requests.length - 1]?.promise ?? Promise.resolve();
        },
        100,
        upcoming,
        200,
      );
      // Three callers together (behind a first request in flight), then a straggler that waits for company in vain.
      const lone = commit.add([1]);
      const together = [commit.add([2]), commit.add([3]), commit.add([4])];
      gates[0].resolve();
      await lone;
      gates[1].resolve();
      await Promise.all(together);
      await commit.add([5]);

      // The next three arrive one by one (same tick here): the first is held for the other two, as three came together
      // two requests ago, although the last request carried one.
      await Promise.all([commit.add([6]), commit.add([7]), commit.add([8])]);

      expect(requests).toEqual([[1], [2, 3, 4], [5], [6, 7, 8]]);
    });

    it('does not hold a request that is already full', async () => {
      const requests: number[][] = [];
      const upcoming = new UpcomingWrites();
      const commit = new GroupCommit<number>(recording(requests), 2, upcoming, 60_000);

      upcoming.announce();
      await commit.add([1, 2]);
      expect(requests).toEqual([[1, 2]]);
    });
  });
});
