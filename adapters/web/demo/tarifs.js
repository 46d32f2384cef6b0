/* global document, window */
// Price simulator of the demo pricing page; every calculation is reported to the bot as a
// behaviour event, which raises the visitor's score.
(function () {
  var prices = { essentiel: 29, croissance: 59, entreprise: 99 };
  var form = document.getElementById('simulateur');
  var result = document.getElementById('resultat');
  function simulate(event) {
    if (event) event.preventDefault();
    var plan = form.forfait.value;
    var seats = Math.max(1, Math.min(1000, parseInt(form.utilisateurs.value, 10) || 1));
    var yearly = form.annuel.checked;
    var monthly = Math.round(prices[plan] * seats * (yearly ? 0.85 : 1));
    result.textContent = document.documentElement.lang === 'en'
      ? 'Estimate: €' + monthly.toLocaleString('en-GB') + ' per month excl. VAT for ' + seats + ' user' + (seats > 1 ? 's' : '') + '.'
      : 'Estimation : ' + monthly.toLocaleString('fr-FR') + ' € HT par mois pour ' + seats + ' utilisateur' + (seats > 1 ? 's' : '') + '.';
    window.LeadQualifier.track('pricing_simulation', { plan: plan, seats: seats, yearly: yearly, monthly: monthly });
  }
  form.addEventListener('submit', simulate);
})();
