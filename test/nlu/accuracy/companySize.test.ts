import { describeAccuracy } from './suite.js';

describeAccuracy('companySize');
