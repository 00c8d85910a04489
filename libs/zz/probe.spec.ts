import { Document, Packer, Paragraph, HeadingLevel } from 'docx';
import mammoth from 'mammoth';
import * as cheerio from 'cheerio';
import { ChromaClient } from 'chromadb';
import { Mistral } from '@mistralai/mistralai';
it('docx+mammoth', async () => {
  const doc = new Document({ sections: [{ children: [new Paragraph({ text: 'Title', heading: HeadingLevel.HEADING_1 }), new Paragraph('Hello world about café')] }] });
  const buf = await Packer.toBuffer(doc);
  const r = await mammoth.extractRawText({ buffer: buf });
  console.log(JSON.stringify(r));
  console.log(cheerio.load('<p>x</p>').text(), typeof ChromaClient, typeof Mistral);
});
