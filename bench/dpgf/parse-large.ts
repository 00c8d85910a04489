/** Parses one workbook and prints its element count and this process's peak RSS (bench/dpgf/main.ts runs it). */
import { elementCount, parsePriceSchedule } from '@relais/domains/dpgf/schedule/price-schedule.parser';

async function main(): Promise<void> {
  const started = performance.now();
  const schedule = await parsePriceSchedule(process.argv[2], { relativePath: 'Bench/Large/DPGF.xlsx', type: 'DPGF' });
  const seconds = (performance.now() - started) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(`${elementCount(schedule)} elements parsed in ${seconds.toFixed(1)} s, peak RSS ${peakMb.toFixed(0)} MB`);
}

void main();
