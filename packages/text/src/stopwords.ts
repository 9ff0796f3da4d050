/**
 * Words that carry no topic: English function words plus the words people wrap a question in
 * ("how do I…", "tell me about…"). Dropping them leaves the terms an answer has to contain.
 */
const FUNCTION_WORDS = `a about above after again against all am an and any are aren as at be because been before
being below between both but by can cannot could couldn did didn do does doesn doing don down during each few
for from further had hadn has hasn have haven having he her here hers herself him himself his i if in into is
isn it its itself just let ll me more most mustn my myself no nor not now of off on once only or other ought our
ours ourselves out over own re s same shan she should shouldn so some such t than that the their theirs them
themselves then there these they this those through to too under until up ve very was wasn we were weren
while with won would wouldn you your yours yourself yourselves`;

const QUESTION_WORDS = `what whats which who whom whose when where why how whether tell explain describe please
anyone someone somebody anybody thing things way ways get got know want wants use used using mean means
also one ones does many much often long`;

export const STOPWORDS: ReadonlySet<string> = new Set(`${FUNCTION_WORDS} ${QUESTION_WORDS}`.split(/\s+/));

export const isStopword = (word: string) => STOPWORDS.has(word);
