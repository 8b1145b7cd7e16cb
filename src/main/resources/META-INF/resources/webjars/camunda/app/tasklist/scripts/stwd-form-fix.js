/*
 * Camunda 7.24 Tasklist disables "Complete" while the form-js "changed" event reports any key in
 * its error map. form-js (as bundled) leaves an empty entry, e.g. {"Field_activities_activityName": []},
 * for every field of a dynamic list the user has typed into, so a form with a dynamic list
 * (活动清单 in submit-plan, 已开展活动 in submit-summary) could never be completed.
 *
 * This decorates Tasklist's Camunda Forms directive: when form-js reports errors, the button stays
 * disabled only if a field of the form actually shows an error. On completion Tasklist still runs
 * form-js's full validation (form.submit()), and the server validates every completion.
 */
const angular = window.angular;

angular.module('cam.tasklist.form').config(['$provide', function ($provide) {
  $provide.decorator('camTasklistFormCamundaDirective', ['$delegate', function ($delegate) {
    const directive = $delegate[0];
    const compile = directive.compile;
    directive.compile = function () {
      const link = compile.apply(this, arguments);
      return function (scope, element, attrs, formController) {
        const notify = formController.notifyFormValidated.bind(formController);
        formController.notifyFormValidated = function (hasError) {
          if (!hasError) {
            return notify(false);
          }
          // let form-js render first, then look at what the person sees
          setTimeout(function () {
            const shown = element[0].querySelector('.fjs-form-field-error, .fjs-has-errors');
            notify(!!shown);
          }, 0);
        };
        return link.apply(this, arguments);
      };
    };
    return $delegate;
  }]);
}]);

export default [];
