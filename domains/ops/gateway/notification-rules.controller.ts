import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RuleService } from '@relais/notifications';
import { asRequestError } from './notification-request.errors';
import type { RuleView } from '../contracts/notification-api.types';
import { ruleViewOf } from './notification.views';

/**
 * `GET/POST/PATCH/DELETE /api/notifications/rules` (mounted under /api/ops, the short paths rewritten). Reads
 * need a viewer token, changes an operator's (the gateway's default by method). Each field is validated by
 * RuleService; a bad one is a 400 naming it.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiBadRequestResponse({ description: '`fields` names each bad field' })
@Controller('notifications/rules')
export class NotificationRulesController {
  constructor(private readonly rules: RuleService) {}

  @Get()
  @ApiOperation({ summary: 'The alert rules: the catalogue (synced at start) and those made through the API' })
  async list(): Promise<RuleView[]> {
    return (await this.rules.list()).map(ruleViewOf);
  }

  @Post()
  @ApiOperation({ summary: 'Create a rule {id, kind, params, severity?, cooldown_minutes?, enabled?, channels?}' })
  @ApiConflictResponse({ description: 'A rule with this id exists' })
  async create(@Body() body: unknown): Promise<RuleView> {
    return ruleViewOf(await this.rules.create(body).catch(rethrown));
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a rule's fields (not its id or kind); a catalogue rule is tuned or disabled here" })
  @ApiNotFoundResponse({ description: 'No rule has this id' })
  async update(@Param('id') id: string, @Body() body: unknown): Promise<RuleView> {
    return ruleViewOf(await this.rules.update(id.slice(0, 100), body).catch(rethrown));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a rule made through the API (a catalogue rule is disabled instead)' })
  @ApiNotFoundResponse({ description: 'No rule has this id' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.rules.delete(id.slice(0, 100)).catch(rethrown);
  }
}

function rethrown(error: unknown): never {
  throw asRequestError(error);
}
