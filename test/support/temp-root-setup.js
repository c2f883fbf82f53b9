// Jest's globalSetup: see temp-root.js.
module.exports = require('./temp-root').setup;
