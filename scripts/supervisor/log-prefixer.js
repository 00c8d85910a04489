'use strict';
/*
 * Prefixes every line a child prints with its name (`[gateway] …`), coloured when the terminal supports it, so
 * the output of several processes stays readable in one terminal.
 */
const COLOURS = [36, 33, 35, 32, 34, 91, 96, 93, 95, 92];
const SUPERVISOR_COLOUR = 90;

/** Colours follow the usual conventions: NO_COLOR turns them off, FORCE_COLOR on, otherwise only on a TTY. */
function useColour(stream) {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

class LogPrefixer {
  /** `names`: every process that will print, so that prefixes line up. */
  constructor(names) {
    this.width = Math.max(...names.map((name) => name.length), 'supervisor'.length);
    this.colourOf = new Map(names.map((name, index) => [name, COLOURS[index % COLOURS.length]]));
    this.colourOf.set('supervisor', SUPERVISOR_COLOUR);
  }

  prefix(name, stream) {
    const label = `[${name}]`.padEnd(this.width + 2);
    if (!useColour(stream)) return `${label} `;
    return `\u001b[${this.colourOf.get(name) ?? SUPERVISOR_COLOUR}m${label}\u001b[0m `;
  }

  /** One line a child printed, on the stream it printed it to. */
  write(name, stream, line) {
    stream.write(`${this.prefix(name, stream)}${line}\n`);
  }

  /** The supervisor's own messages. */
  say(message) {
    for (const line of message.split('\n')) this.write('supervisor', process.stdout, line);
  }

  warn(message) {
    for (const line of message.split('\n')) this.write('supervisor', process.stderr, line);
  }
}

module.exports = { LogPrefixer, useColour };
