/** The one logging interface services see; the adapter decides where lines go. Secrets are never passed. */
export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export const consoleLogger = (level: 'info' | 'warn' | 'error' = 'info'): Logger => {
  const order = { info: 0, warn: 1, error: 2 } as const;
  const write = (l: keyof typeof order, message: string, data?: Record<string, unknown>) => {
    if (order[l] < order[level]) return;
    process.stderr.write(
      JSON.stringify({ level: l, time: new Date().toISOString(), message, ...data }) + '\n',
    );
  };
  return {
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  };
};
