/**
 * Post-Login Action (trigger post-login, runtime node22): the tenant portal's custom claims.
 *
 * Implements docs/token-contract.md. For a login into an organization (a tenant) it puts into
 * the access token, under the namespace from the secret CLAIMS_NAMESPACE:
 *
 *   <ns>roles     the member's role names in this organization (event.authorization.roles)
 *   <ns>plan      app_metadata[<org_id>].plan
 *   <ns>features  app_metadata[<org_id>].features
 *   <ns>ent_v     app_metadata[<org_id>].v
 *   <ns>overage   ["features"] instead of <ns>features when app_metadata[<org_id>].overage is true
 *
 * The portal writes one root-level app_metadata key per tenant, so a person in several tenants
 * only ever gets the data of the organization they are signing in to. A login outside any
 * organization gets no claims; a tenant that has not been synced yet gets roles only.
 *
 * Odd data never breaks a login: a claim whose value does not match the contract is left out
 * and the reason is logged. A missing or malformed namespace denies every login, because it
 * is a deployment mistake that would otherwise hand out tokens no service accepts.
 */

const NAMESPACE = /^https?:\/\/\S+\/$/;
const PLAN_CODE = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const FEATURE_CODE = /^[a-z0-9][a-z0-9_.-]{0,31}$/;

const isRoleName = (value) => typeof value === "string" && value.length >= 1 && value.length <= 50;
const isPlanCode = (value) => typeof value === "string" && PLAN_CODE.test(value);
const isFeatureCode = (value) => typeof value === "string" && FEATURE_CODE.test(value);
const isVersion = (value) => Number.isInteger(value) && value >= 0;
const isPlainObject = (value) =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isUniqueList = (isItem) => (value) =>
  Array.isArray(value) && value.every(isItem) && new Set(value).size === value.length;
const isRoleList = isUniqueList(isRoleName);
const isFeatureList = isUniqueList(isFeatureCode);

exports.onExecutePostLogin = async (event, api) => {
  const namespace = event.secrets.CLAIMS_NAMESPACE;
  if (typeof namespace !== "string" || !NAMESPACE.test(namespace)) {
    api.access.deny(
      'Sign-in is misconfigured: the Action secret CLAIMS_NAMESPACE must be a URL ending in "/".',
    );
    return;
  }
  if (!event.organization) {
    return;
  }
  const orgId = event.organization.id;
  const claims = {
    ...roleClaims(event.authorization, orgId),
    ...entitlementClaims((event.user.app_metadata || {})[orgId], orgId),
  };
  for (const [name, value] of Object.entries(claims)) {
    api.accessToken.setCustomClaim(namespace + name, value);
  }
};

function roleClaims(authorization, orgId) {
  const roles = authorization ? authorization.roles : undefined;
  if (isRoleList(roles)) {
    return { roles };
  }
  console.log(`${orgId}: roles left out, event.authorization.roles is not a list of role names`);
  return {};
}

// The tenant's entitlements as the portal wrote them: {plan, features, v, overage?}.
function entitlementClaims(entitlements, orgId) {
  if (entitlements === undefined) {
    return {};
  }
  if (!isPlainObject(entitlements)) {
    console.log(`${orgId}: entitlements left out, app_metadata["${orgId}"] is not an object`);
    return {};
  }
  const claims = {
    ...validClaim("plan", entitlements.plan, isPlanCode, orgId),
    ...validClaim("ent_v", entitlements.v, isVersion, orgId),
  };
  if (entitlements.overage !== true) {
    return { ...claims, ...validClaim("features", entitlements.features, isFeatureList, orgId) };
  }
  // A service caches the fetched entitlements by version, so an overage needs a valid one.
  if (claims.ent_v === undefined) {
    console.log(`${orgId}: overage left out, it needs a valid entitlements version`);
    return claims;
  }
  return { ...claims, overage: ["features"] };
}

function validClaim(name, value, isValid, orgId) {
  if (isValid(value)) {
    return { [name]: value };
  }
  if (value !== undefined) {
    console.log(`${orgId}: ${name} left out, ${JSON.stringify(value)} does not fit the contract`);
  }
  return {};
}
