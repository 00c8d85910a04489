import {
  CommonsClient,
  CommonsFileNotFoundError,
  HttpStatusError,
  ServiceUnreachableError,
} from '@relais/integrations';
import { FAKE_ORIGINAL_SIZE, FakeCommons, TEST_USER_AGENT } from '../fakes';
import { imageSize } from '../fakes/tiny-images';

describe('CommonsClient against the fake Commons', () => {
  let commons: FakeCommons;
  let client: CommonsClient;

  beforeAll(async () => {
    commons = await new FakeCommons().start();
    client = new CommonsClient({
      fileUrl: commons.fileUrl,
      userAgent: TEST_USER_AGENT,
      timeoutMs: 10_000,
      maxRetries: 2,
      baseDelayMs: 20,
    });
  });

  afterAll(async () => {
    await commons.stop();
  });

  beforeEach(() => {
    commons.reset();
    commons.setDown(false);
  });

  it('downloads the original through Special:FilePath, following the redirect', async () => {
    const image = await client.download(
      'http://commons.wikimedia.org/wiki/Special:FilePath/Claude%20Monet%201899%20Nadar%20crop.jpg',
    );

    expect(image.fileName).toBe('Claude_Monet_1899_Nadar_crop.jpg');
    expect(image.contentType).toBe('image/jpeg');
    expect(image.url).toBe(`${commons.url}/upload/Claude_Monet_1899_Nadar_crop.jpg`);
    expect(imageSize(image.bytes)).toEqual({ ...FAKE_ORIGINAL_SIZE, format: 'jpeg' });
    expect(commons.requests.map((request) => request.path)).toEqual([
      '/wiki/Special:FilePath/Claude_Monet_1899_Nadar_crop.jpg',
      '/upload/Claude_Monet_1899_Nadar_crop.jpg',
    ]);
    expect(commons.requests.every((request) => request.headers['user-agent'] === TEST_USER_AGENT)).toBe(true);
  });

  it('downloads a width-limited thumbnail', async () => {
    const image = await client.download('Synthetic painting 1-2.png', { width: 120 });
    expect(image.contentType).toBe('image/png');
    expect(imageSize(image.bytes)).toEqual({ width: 120, height: 90, format: 'png' });
    expect(commons.requests[0].query).toEqual({ width: '120' });
  });

  it('says which file is missing', async () => {
    commons.missingFiles.add('Nowhere.jpg');
    await expect(client.download('File:Nowhere.jpg')).rejects.toThrow(new CommonsFileNotFoundError('Nowhere.jpg'));
  });

  it('retries a 503 and a 429 with Retry-After, then succeeds', async () => {
    commons.failNext(1, 503);
    commons.failNext(1, 429, { retryAfter: 0 });
    const image = await client.download('Claude Monet - Poppies.jpg');
    expect(image.bytes.length).toBeGreaterThan(100);
    expect(commons.requestsTo('Poppies.jpg').length).toBe(4);
  });

  it('refuses a file larger than maxBytes', async () => {
    await expect(client.download('Big.png', { maxBytes: 10 })).rejects.toThrow(
      /"Big.png" is \d+ bytes, more than the 10 allowed/,
    );
  });

  it('gives up on a service that stays down with a message naming it', async () => {
    commons.setDown(true);
    const failure = new CommonsClient({ ...client.options, maxRetries: 1 }).download('Claude Monet - Poppies.jpg');
    await expect(failure).rejects.toThrow(ServiceUnreachableError);
    await expect(failure).rejects.toThrow(
      /^Wikimedia Commons is unreachable at http:\/\/127\.0\.0\.1:\d+\/wiki\/Special:FilePath\/Claude_Monet_-_Poppies\.jpg: .* \(gave up after 2 attempts\)$/,
    );
  });

  it('gives a 4xx status error at once', async () => {
    commons.failNext(1, 403, { body: 'Forbidden: please set a User-Agent' });
    const failure = client.download('A.jpg');
    await expect(failure).rejects.toThrow(HttpStatusError);
    await expect(failure).rejects.toMatchObject({ status: 403, bodyExcerpt: 'Forbidden: please set a User-Agent' });
  });
});

describe('CommonsClient.fileNameOf', () => {
  it.each([
    ['Claude Monet 1899 Nadar crop.jpg', 'Claude_Monet_1899_Nadar_crop.jpg'],
    ['File:Claude Monet.jpg', 'Claude_Monet.jpg'],
    [
      'http://commons.wikimedia.org/wiki/Special:FilePath/Giverny%2C%20Claude%20Monet%20Grave.jpg',
      'Giverny,_Claude_Monet_Grave.jpg',
    ],
    ['https://commons.wikimedia.org/wiki/File:Monet_-_Impression,_Sunrise.jpg', 'Monet_-_Impression,_Sunrise.jpg'],
    [
      'https://upload.wikimedia.org/wikipedia/commons/5/59/Monet_-_Impression%2C_Sunrise.jpg',
      'Monet_-_Impression,_Sunrise.jpg',
    ],
    ['https://upload.wikimedia.org/wikipedia/commons/thumb/5/59/Monet.jpg/320px-Monet.jpg', 'Monet.jpg'],
  ])('%s → %s', (input, expected) => {
    expect(CommonsClient.fileNameOf(input)).toBe(expected);
  });
});
