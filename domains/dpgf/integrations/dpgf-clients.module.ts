import { Module } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { PriceScheduleSources } from '../sources/price-schedule-sources';
import { dpgfSettingsOf } from '../settings/dpgf.settings';

/** The DPGF domain's outside connections (a folder, or SharePoint through Microsoft Graph), built from its settings. */
@Module({
  providers: [
    {
      provide: PriceScheduleSources,
      inject: [RELAIS_CONFIG],
      useFactory: (config: RelaisConfig) => new PriceScheduleSources(dpgfSettingsOf(config), null),
    },
  ],
  exports: [PriceScheduleSources],
})
export class DpgfClientsModule {}
