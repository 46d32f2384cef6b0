import { describeAccuracy } from './suite.js';

describeAccuracy('motivation');
