// `seren-auth serve`: written by the lead engineer (this stub only keeps the route in place).
export async function runServe(_argv: string[]): Promise<number> {
  process.stderr.write('serve is not available yet.\n');
  return 1;
}
