import { GroupCommit } from './group-commit';

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
});
