import { generate } from 'selfsigned';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** One message as the SMTP server received it, with what the session negotiated. */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** Raw RFC 5322 message. */
  raw: string;
  /** Header name (lower case) → value, unfolded. */
  headers: Record<string, string>;
  /** True when the session was upgraded to TLS before MAIL FROM. */
  secure: boolean;
  /** The TLS protocol of the session (TLSv1.3…), null in clear. */
  tlsProtocol: string | null;
  /** The user who authenticated, null without AUTH. */
  user: string | null;
  receivedAt: number;
}

/** A self-signed certificate for 127.0.0.1 / localhost, generated for this run (never a committed key). */
export interface TestCertificate {
  key: string;
  cert: string;
}

export async function selfSignedCertificate(): Promise<TestCertificate> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 that offers STARTTLS with a self-signed
 * certificate, requires it before AUTH, checks one user's password and records every message. It can be
 * stopped and started again on the same port, as a mail relay that goes down and comes back.
 */
export class SmtpServerFake {
  readonly messages: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  private listenPort = 0;

  constructor(
    private readonly certificate: TestCertificate,
    private readonly credentials: { user: string; password: string },
    /** noStartTls: a relay that cannot upgrade to TLS (misconfigured, or stripped by a middlebox). */
    private readonly options: { noStartTls?: boolean } = {},
  ) {}

  get port(): number {
    return this.listenPort;
  }

  /** Listens on 127.0.0.1 (on the previous port after a stop). */
  async start(): Promise<this> {
    const tlsProtocols = new Map<string, string>();
    const server = new SMTPServer({
      secure: false,
      key: this.certificate.key,
      cert: this.certificate.cert,
      authMethods: ['PLAIN', 'LOGIN'],
      // hideSTARTTLS would still accept the command: disable it for a relay that cannot upgrade at all.
      disabledCommands: this.options.noStartTls ? ['STARTTLS'] : [],
      // Without STARTTLS the only way to AUTH is in clear: allowed then, so only the client's refusal is tested.
      allowInsecureAuth: this.options.noStartTls ?? false,
      logger: false,
      disableReverseLookup: true,
      onSecure: (socket, session, callback) => {
        tlsProtocols.set(session.id, (socket as TLSSocket).getProtocol() ?? 'unknown');
        callback();
      },
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.credentials.user && auth.password === this.credentials.password) {
          callback(null, { user: auth.username });
        } else {
          callback(new Error('Invalid username or password'));
        }
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.messages.push(this.record(Buffer.concat(chunks).toString('utf8'), session, tlsProtocols));
          callback();
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      server.server.once('error', onError);
      server.listen(this.listenPort, '127.0.0.1', () => {
        server.server.off('error', onError);
        resolve();
      });
    });
    this.listenPort = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Stops listening and drops open connections. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private record(raw: string, session: SMTPServerSession, tlsProtocols: Map<string, string>): ReceivedMail {
    const headerText = raw.split(/\r?\n\r?\n/)[0];
    const headers: Record<string, string> = {};
    for (const line of headerText.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    return {
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      to: session.envelope.rcptTo.map((recipient) => recipient.address),
      raw,
      headers,
      secure: session.secure,
      tlsProtocol: tlsProtocols.get(session.id) ?? null,
      user: typeof session.user === 'string' ? session.user : null,
      receivedAt: Date.now(),
    };
  }
}

/** The text of a quoted-printable body part (soft line breaks joined, =XX decoded as UTF-8). */
export function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
