import { Module } from '@nestjs/common';
import { PricingBrowseRepository } from './pricing-browse.repository';
import { PricingController } from './pricing.controller';

/** The DPGF part of the gateway, mounted under /api/dpgf: browse what was imported. */
@Module({ controllers: [PricingController], providers: [PricingBrowseRepository] })
export class DpgfApiModule {}
