/**
 * Words too common to say what a text is about, in English and French (the languages of the seeds' users):
 * left out of keywords and of the offline embedder's word features. Accents are stripped, as tokens are.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being below
  between both but by can could did do does doing down during each few for from further had has have having he
  her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
  now of off on once only or other our ours ourselves out over own same she should so some such than that the
  their theirs them themselves then there these they this those through to too under until up very was we were
  what when where which while who whom why will with would you your yours yourself yourselves one two may might
  must shall us its also however thus therefore yet within without upon via per use used using
  au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs lui ma mais me
  meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une
  vos votre vous est sont ete etre avoir ont fait faire plus moins tres tout tous toute toutes comme aussi donc
  ainsi car cela ceci celui celle ceux celles dont lorsque quand sans sous entre vers chez ici puis peu peut
  doit deux si non oui y leur alors apres avant encore deja bien`
    .split(/\s+/)
    .filter(Boolean),
);
