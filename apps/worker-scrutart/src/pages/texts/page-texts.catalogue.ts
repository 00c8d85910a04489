import type { ScrutartLanguage } from '@relais/domains/scrutart/contracts';
import type { PageTexts } from '../page-texts';
import { EN_TEXTS } from './en.texts';
import { ES_TEXTS } from './es.texts';
import { FR_TEXTS } from './fr.texts';

/** The texts of each page language. */
export const PAGE_TEXTS: Record<ScrutartLanguage, PageTexts> = { fr: FR_TEXTS, en: EN_TEXTS, es: ES_TEXTS };
