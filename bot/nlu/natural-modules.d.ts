/**
 * natural's classes one file at a time: its folder indexes load every classifier and stemmer it
 * ships (about 40 MB and 200 ms at start for the classifiers' one). Types are the index's.
 */
declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  import type { BayesClassifier } from 'natural/lib/natural/classifiers/index.js';
  const Bayes: typeof BayesClassifier;
  export default Bayes;
}
declare module 'natural/lib/natural/classifiers/logistic_regression_classifier.js' {
  import type { LogisticRegressionClassifier } from 'natural/lib/natural/classifiers/index.js';
  const LogisticRegression: typeof LogisticRegressionClassifier;
  export default LogisticRegression;
}
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  import type { PorterStemmer } from 'natural/lib/natural/stemmers/index.js';
  const Porter: typeof PorterStemmer;
  export default Porter;
}
declare module 'natural/lib/natural/stemmers/porter_stemmer_fr.js' {
  import type { PorterStemmerFr } from 'natural/lib/natural/stemmers/index.js';
  const PorterFr: typeof PorterStemmerFr;
  export default PorterFr;
}
