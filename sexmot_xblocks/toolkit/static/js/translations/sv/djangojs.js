/* The sexmot blocks' script translations (sv); made by `make translations`. */
(function (global) {
  var SexmotI18N = {};
  (function () {

'use strict';
{
  const globals = this;
  const django = globals.django || (globals.django = {});

  
  django.pluralidx = function(n) {
    const v = (n != 1);
    if (typeof v === 'boolean') {
      return v ? 1 : 0;
    } else {
      return v;
    }
  };
  

  /* gettext library */

  django.catalog = django.catalog || {};
  
  const newcatalog = {
    "A session code has six letters and digits.": "En sessionskod har sex bokst\u00e4ver och siffror.",
    "Characters left:": "Tecken kvar:",
    "Choose a target group and a county, or leave the step unanswered.": "V\u00e4lj en m\u00e5lgrupp och ett l\u00e4n, eller l\u00e4mna steget obesvarat.",
    "Draft saved on this device": "Utkastet \u00e4r sparat p\u00e5 den h\u00e4r enheten",
    "One minute left.": "En minut kvar.",
    "Pause the timer": "Pausa tidtagningen",
    "Please answer every statement before you submit.": "Svara p\u00e5 alla p\u00e5st\u00e5enden innan du skickar in.",
    "Please try again in a moment.": "F\u00f6rs\u00f6k igen om en liten stund.",
    "Reload the page, sign in if asked, and submit again.": "Ladda om sidan, logga in om du blir ombedd och skicka in igen.",
    "Save changes": "Spara \u00e4ndringarna",
    "Saving\u2026": "Sparar \u2026",
    "Something went wrong. Nothing was saved; please try again.": "N\u00e5got gick fel. Inget sparades. F\u00f6rs\u00f6k igen.",
    "Start the timer": "Starta tidtagningen",
    "Submit again when you are back online.": "Skicka in igen n\u00e4r du \u00e4r uppkopplad.",
    "The draft could not be saved on this device. Submit your text before you leave the page.": "Utkastet kunde inte sparas p\u00e5 den h\u00e4r enheten. Skicka in din text innan du l\u00e4mnar sidan.",
    "The group's results were updated.": "Gruppens resultat har uppdaterats.",
    "The page could not be loaded. Please try again.": "Sidan kunde inte h\u00e4mtas. F\u00f6rs\u00f6k igen.",
    "The server could not be reached, so nothing was sent.": "Servern gick inte att n\u00e5, s\u00e5 inget skickades.",
    "The server could not be reached. Nothing was saved; please try again.": "Servern gick inte att n\u00e5. Inget sparades. F\u00f6rs\u00f6k igen.",
    "The server had a problem, so your answers were not saved.": "Det blev ett fel p\u00e5 servern, s\u00e5 dina svar sparades inte.",
    "The session is closed.": "Sessionen \u00e4r st\u00e4ngd.",
    "The session is closed. Its results stay here until it is removed.": "Sessionen \u00e4r st\u00e4ngd. Resultaten finns kvar h\u00e4r tills sessionen raderas.",
    "This address has no session code. Open the link from the group's leader again, or type the code in the exercise.": "Adressen saknar sessionskod. \u00d6ppna l\u00e4nken fr\u00e5n gruppens ledare igen, eller skriv koden i \u00f6vningen.",
    "Time is up.": "Tiden \u00e4r ute.",
    "Timer paused at": "Tidtagningen pausad vid",
    "Timer reset.": "Tidtagningen \u00e4r \u00e5terst\u00e4lld.",
    "Timer started:": "Tidtagningen startad:",
    "You are offline, so nothing was sent.": "Du \u00e4r inte uppkopplad, s\u00e5 inget skickades.",
    "Your answers are saved.": "Dina svar \u00e4r sparade.",
    "Your answers now count in this group session.": "Nu r\u00e4knas dina svar i den h\u00e4r gruppsessionen.",
    "Your draft was restored from this device. It is not submitted yet.": "Ditt utkast har h\u00e4mtats fr\u00e5n den h\u00e4r enheten. Det \u00e4r inte inskickat \u00e4nnu.",
    "Your session has ended, so nothing was saved.": "Din inloggning har g\u00e5tt ut, s\u00e5 inget sparades.",
    "Your shared text is withdrawn. It is still saved for you only.": "Din delade text \u00e4r tillbakadragen. Den finns kvar, sparad bara f\u00f6r dig.",
    "Your text is kept as a draft on this device.": "Din text finns kvar som utkast p\u00e5 den h\u00e4r enheten.",
    "Your text is still in the field above.": "Din text finns kvar i f\u00e4ltet ovanf\u00f6r."
  };
  for (const key in newcatalog) {
    django.catalog[key] = newcatalog[key];
  }
  

  if (!django.jsi18n_initialized) {
    django.gettext = function(msgid) {
      const value = django.catalog[msgid];
      if (typeof value === 'undefined') {
        return msgid;
      } else {
        return (typeof value === 'string') ? value : value[0];
      }
    };

    django.ngettext = function(singular, plural, count) {
      const value = django.catalog[singular];
      if (typeof value === 'undefined') {
        return (count == 1) ? singular : plural;
      } else {
        return value.constructor === Array ? value[django.pluralidx(count)] : value;
      }
    };

    django.gettext_noop = function(msgid) { return msgid; };

    django.pgettext = function(context, msgid) {
      let value = django.gettext(context + '\x04' + msgid);
      if (value.includes('\x04')) {
        value = msgid;
      }
      return value;
    };

    django.npgettext = function(context, singular, plural, count) {
      let value = django.ngettext(context + '\x04' + singular, context + '\x04' + plural, count);
      if (value.includes('\x04')) {
        value = django.ngettext(singular, plural, count);
      }
      return value;
    };

    django.interpolate = function(fmt, obj, named) {
      if (named) {
        return fmt.replace(/%\(\w+\)s/g, function(match){return String(obj[match.slice(2,-2)])});
      } else {
        return fmt.replace(/%s/g, function(match){return String(obj.shift())});
      }
    };


    /* formatting library */

    django.formats = {
    "DATETIME_FORMAT": "j F Y H:i",
    "DATETIME_INPUT_FORMATS": [
      "%Y-%m-%d %H:%M:%S",
      "%Y-%m-%d %H:%M:%S.%f",
      "%Y-%m-%d %H:%M",
      "%m/%d/%Y %H:%M:%S",
      "%m/%d/%Y %H:%M:%S.%f",
      "%m/%d/%Y %H:%M",
      "%m/%d/%y %H:%M:%S",
      "%m/%d/%y %H:%M:%S.%f",
      "%m/%d/%y %H:%M",
      "%Y-%m-%d"
    ],
    "DATE_FORMAT": "j F Y",
    "DATE_INPUT_FORMATS": [
      "%Y-%m-%d",
      "%m/%d/%Y",
      "%m/%d/%y"
    ],
    "DECIMAL_SEPARATOR": ",",
    "FIRST_DAY_OF_WEEK": 1,
    "MONTH_DAY_FORMAT": "j F",
    "NUMBER_GROUPING": 3,
    "SHORT_DATETIME_FORMAT": "Y-m-d H:i",
    "SHORT_DATE_FORMAT": "Y-m-d",
    "THOUSAND_SEPARATOR": "\u00a0",
    "TIME_FORMAT": "H:i",
    "TIME_INPUT_FORMATS": [
      "%H:%M:%S",
      "%H:%M:%S.%f",
      "%H:%M"
    ],
    "YEAR_MONTH_FORMAT": "F Y"
  };

    django.get_format = function(format_type) {
      const value = django.formats[format_type];
      if (typeof value === 'undefined') {
        return format_type;
      } else {
        return value;
      }
    };

    /* add to global namespace */
    globals.pluralidx = django.pluralidx;
    globals.gettext = django.gettext;
    globals.ngettext = django.ngettext;
    globals.gettext_noop = django.gettext_noop;
    globals.pgettext = django.pgettext;
    globals.npgettext = django.npgettext;
    globals.interpolate = django.interpolate;
    globals.get_format = django.get_format;

    django.jsi18n_initialized = true;
  }
};


  }).call(SexmotI18N);
  global.SexmotI18N = SexmotI18N;
}(this));
